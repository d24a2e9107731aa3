// kota fixture: JavaScript definitions
'use strict';

const fs = require('fs');
let counter = 0, limit = 10;
var legacy; // declared only

export const VERSION = '1.0';
export let a = 1, b = () => 2;

function greet(name) {
  const prefix = 'Hello';           // nested non-function: not captured
  const shout = (s) => s.toUpperCase();
  function inner() { return prefix; }
  return shout(prefix + name) + inner();
}

function* ids() { yield 1; }
async function load() {}
export function exported() {}
export default function () {}

const add = (x, y) => x + y;
const mul = function (x, y) { return x * y; };
var gen = function* () {};
const one = 1, two = () => 2, three = 3;
var first = 1, // a comment between declarators
    second = function () {};

class Animal extends Base {
  static count = 0;
  #secret = 42;
  name;
  onClick = () => this.name;
  constructor(name) { super(); this.name = name; }
  get label() { return this.name; }
  set label(v) { this.name = v; }
  static create() { return new Animal('x'); }
  async *stream() {}
  #hidden() {}
  'quoted name'() {}
  ['computed']() {}
  [Symbol.iterator]() {}
}

const Shape = class {
  area() { return 0; }
};
const Named = class Inner { m() {} };
module.exports = class Exported {};

const api = {
  get(url) { return url; },
  post: function (url) {},
  del: (url) => url,
  'put-it': () => null,
  version: 3,
};

function Legacy() {
  this.run = function () {};
}
Legacy.prototype.stop = function () {};
Legacy.prototype.halt = Legacy.prototype.stop;
exports.helper = () => {};
handler = function named() {};

if (x) { var notTop = 1; }
const { destructured } = obj;
const broken = 1 + * 2; // syntax error: recovered
function afterError() {}
