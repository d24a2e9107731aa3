// kota fixture: JavaScript before classes: prototypes, namespace objects, IIFEs
function Queue() { this.items = []; }
Queue.prototype = {
  constructor: Queue,
  push: function (x) { this.items.push(x); },
  pop() { return this.items.pop(); },
  size: 0,
};
app.models.Stack.prototype = { peek() {} };
String.prototype.trimAll = function () {}; // a method: no class String

window.tools = {
  version: 2,
  clear: () => {},
};
module.exports = { helper: function () {} };
registry = { *entries() {} };
config.data = { a: 1, b: [2] };            // data only: not captured
module.exports = { a: 1 };                 // data only: not captured

const store = (function () {
  const items = [];                        // local: not captured
  return { add: (x) => items.push(x) };
})();
var counterModule = (function () { return 1; }());

function setup() {
  const local = (() => ({}))();
  let bare = function () { return 3; }();
  const data = { a: 1 };                   // local data: not captured
  const a = 1, b = (function () {})();     // several declarators: not captured
  this.handlers = { onClick() {} };
  events[0] = { fire() {} };                 // subscript: not captured
}
