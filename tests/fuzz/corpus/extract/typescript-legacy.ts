	// kota fixture: TypeScript with JavaScript's older idioms
function Queue(this: any) { this.items = []; }
Queue.prototype = {
  push(x: number): void { this.items.push(x); },
  size: 0,
};
(window as any).tools = { clear() {} };
exports.api = { get: (url: string) => url, retries: 3 };
config.data = { a: 1 } as const;           // data only: not captured

const store = (function (): { add(x: number): void } {
  const items: number[] = [];
  return { add: (x) => { items.push(x); } };
})();

namespace Legacy {
  export function setup() {
    const local = (() => 1)();
    const data = { a: 1 };                 // local data: not captured
  }
}
