	// References for queries/typescript.scm and ecma.scm.
import { Emitter } from "events";
import type { Options } from "./options";

interface Handler extends Base<string> {
  handle(e: Event): Promise<void>;
}

export class Server extends Emitter implements Handler, Closable {
  private opts: Options;
  constructor(opts: http.ServerOptions) {
    super();
    this.opts = opts as Options;
  }
  async handle(e: Event): Promise<void> {
    const list: Array<Item> = [];
    await this.dispatch(e, list);
    return helper(new Date());
  }
}

type Id = string | Key;
