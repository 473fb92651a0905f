/** A session's edge: the lab-facing front door. Upgrades are piped; plain requests are relayed. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EdgeHost } from './host';
import { HttpRelay } from './http-relay';
import { proxyUpgrade } from './upgrade-proxy';

export class Edge {
  private readonly relay: HttpRelay;

  constructor(private readonly host: EdgeHost) {
    this.relay = new HttpRelay(host);
  }

  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    this.relay.handle(req, res);
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    proxyUpgrade(this.host, req, socket, head);
  }
}
