	declare namespace NodeJS {
  interface Process {
    pid: number;
    exit(code?: number): never;
  }
  type Signals = 'SIGINT' | 'SIGTERM';
}

declare module 'fs' {
  export function readFileSync(path: string): string;
  export const constants: { F_OK: number };
  export class Stats {
    size: number;
    isFile(): boolean;
  }
}

export declare class Emitter {
  on(event: string, fn: (...args: any[]) => void): this;
  static defaultMaxListeners: number;
}
