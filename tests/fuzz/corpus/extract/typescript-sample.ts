	// kota fixture: TypeScript definitions
import { EventEmitter } from 'events';

export const DEFAULT_PORT: number = 8080;
let retries = 3, backoff = (n: number): number => n * 2;

export interface Options extends Base {
  port: number;
  readonly host?: string;
  'content-type': string;
  connect(timeout: number): Promise<void>;
  new (opts: Options): Server;
  (req: Request): void;
  [key: string]: unknown;
}

export type Handler = (req: Request) => void;
type Point = { x: number; y: number; norm(): number };
type Id = string | number;

export enum Color { Red, Green = 'green', 'Blue' = 3 }
const enum Flags { None = 0, A = 1 << 0 }

export abstract class Server<T> extends EventEmitter implements Closeable {
  static instances = 0;
  private readonly sockets: Set<T> = new Set();
  #secret?: string;
  handler = (x: T): void => {};
  constructor(private port: number, public readonly host?: string, plain = 1) {
    super();
  }
  abstract close(): void;
  listen(port: number): this;
  listen(port: string): this;
  listen(port: any): this { return this; }
  get address(): string { return this.host ?? ''; }
  protected async *connections(): AsyncGenerator<T> {}
}

export namespace Utils {
  export const version = '2';
  export function parse(s: string): number { return +s; }
  namespace Inner.Deep {
    export class Helper {}
  }
}

module Legacy {
  var counter = 0;
}

declare module 'left-pad' {
  export default function leftPad(s: string, n: number): string;
}

declare global {
  interface Window { myGlobal: string }
  var buildId: string;
}

declare function fetchAll(urls: string[]): Promise<void>;
declare const ENV: 'dev' | 'prod';
export declare let mode: string;

export function overloaded(a: string): string;
export function overloaded(a: number): number;
export function overloaded(a: any): any { return a; }

export const makeServer = <T,>(p: number): Server<T> => null!;
const Mixin = class extends Server<string> { close() {} };

function generic<T extends object>(x: T): T {
  const local = (y: T) => y;
  return local(x);
}

let broken: number = 1 + * 2; // syntax error: recovered
function afterError(): void {}
