import { Client, StompSocketState, type IFrame, type IMessage } from '@stomp/stompjs';
import type { LiveMessage } from './book';

/**
 * The live-update socket: STOMP over a WebSocket at /ws (docs/api.md). CONNECT carries the bearer
 * token; the only subscription is /user/queue/updates, with `last-sequence` on a resubscription so
 * the server replays what was missed (or sends a snapshot when it cannot). Reconnects by itself
 * with a growing delay; the headers are recomputed on every attempt so a resume always names the
 * latest sequence applied.
 */

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface LiveOptions {
  token: () => string | null;
  resumeHeader: () => Record<string, string>;
  onMessage: (m: LiveMessage) => void;
  onState: (s: LiveState, detail?: string) => void;
  /** Called on each connection after the first: what happened meanwhile may need a REST reload. */
  onReconnect?: () => void;
  /** ws: or wss: URL; default: /ws on this page's host */
  url?: string;
}

const DESTINATION = '/user/queue/updates';
const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 15000;

export function liveUrl(loc: Location = window.location): string {
  return (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host + '/ws';
}

export class LiveFeed {
  private client: Client | null = null;
  private failures = 0;
  private connections = 0;

  constructor(private readonly options: LiveOptions) {}

  start(): void {
    if (this.client !== null) {
      return;
    }
    const o = this.options;
    const client = new Client({
      brokerURL: o.url ?? liveUrl(),
      reconnectDelay: RECONNECT_MIN_MS,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      debug: () => {},
      beforeConnect: async (c) => {
        const token = o.token();
        if (token === null) {
          // logged out meanwhile: do not try again
          await this.stop();
          return;
        }
        c.connectHeaders = { Authorization: `Bearer ${token}` };
      },
      onConnect: () => {
        this.failures = 0;
        client.reconnectDelay = RECONNECT_MIN_MS;
        client.subscribe(DESTINATION, (m: IMessage) => this.receive(m), { ...o.resumeHeader() });
        o.onState('live');
        if (this.connections++ > 0) {
          o.onReconnect?.();
        }
      },
      onStompError: (frame: IFrame) => {
        // the server refused (bad token, wrong role): its message is short and safe to show
        const msg = (frame.headers['message'] ?? 'refused').slice(0, 200);
        if (/unauthori[sz]ed|forbidden/i.test(msg)) {
          // retrying cannot help: the token is gone or the user is not a trader
          void this.stop(/unauthori[sz]ed/i.test(msg) ? 'unauthorized' : 'forbidden');
          return;
        }
        o.onState('reconnecting', msg);
      },
      onWebSocketClose: () => {
        if (this.client === null) {
          return;
        }
        this.failures++;
        client.reconnectDelay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(this.failures, 4));
        o.onState('reconnecting');
      },
    });
    this.client = client;
    o.onState('connecting');
    client.activate();
  }

  /** Stops for good; `reason` says why when the server refused ('unauthorized' / 'forbidden'). */
  async stop(reason?: 'unauthorized' | 'forbidden'): Promise<void> {
    const c = this.client;
    this.client = null;
    if (c !== null) {
      // A refusal (an ERROR frame) is followed by the server closing the socket: a DISCONNECT sent
      // then goes to a closing socket (the browser logs an error), so drop the socket at once.
      // The same when the socket is already closing for any other reason.
      const open = c.webSocket?.readyState === StompSocketState.OPEN;
      await c.deactivate(reason === undefined && open ? undefined : { force: true });
    }
    this.options.onState('stopped', reason);
  }

  private receive(m: IMessage): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(m.body);
    } catch {
      return; // not ours to show
    }
    if (parsed && typeof parsed === 'object' && 'type' in parsed) {
      this.options.onMessage(parsed as LiveMessage);
    }
  }
}
