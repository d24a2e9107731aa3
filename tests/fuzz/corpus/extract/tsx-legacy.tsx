
// kota fixture: TSX with JavaScript's older idioms
Widget.prototype = { render() { return <div />; } };
window.ui = { Badge: () => <span />, theme: 'dark' };
const registry = (() => ({ items: [] as JSX.Element[] }))();
function mount() {
  const root = (function () { return document.body; })();
  const props = { id: 1 };                 // local data: not captured
}
