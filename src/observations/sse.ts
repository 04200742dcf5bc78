import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, Timer } from '../clock.js';
import type { Observations } from './bus.js';
import { FilterError, parseObservationFilter } from './filter.js';
import type { Observation } from './types.js';

/** A comment line every so often keeps proxies and idle timeouts from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;
/** A reader this far behind is disconnected rather than letting its backlog grow without bound. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

/**
 * `/_tributary/events`: observations as server-sent events (`event: <type>`, `id: <seq>`,
 * `data: <json>`), filtered by the query (see `parseObservationFilter`). The stream subscribes only
 * to the types asked for and unsubscribes when the client goes away.
 */
export class EventStream {
  constructor(
    private readonly observations: Observations,
    private readonly clock: Clock,
  ) {}

  serve(req: IncomingMessage, res: ServerResponse, url: URL): void {
    let filter: ReturnType<typeof parseObservationFilter>;
    try {
      filter = parseObservationFilter(url.searchParams);
    } catch (err) {
      if (!(err instanceof FilterError)) throw err;
      const body = JSON.stringify({ message: err.message });
      res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    req.resume();
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`: subscribed to ${filter.types.join(',')}\n\n`);

    let keepAlive: Timer | undefined;
    const beat = () => {
      res.write(': keep-alive\n\n');
      keepAlive = this.clock.schedule(KEEP_ALIVE_MS, beat);
    };
    keepAlive = this.clock.schedule(KEEP_ALIVE_MS, beat);

    const unsubscribe = this.observations.subscribe((observation) => {
      if (!filter.matches(observation)) return;
      if (res.writableLength > MAX_BACKLOG_BYTES) {
        res.destroy();
        return;
      }
      res.write(frame(observation));
    }, filter.types);

    res.once('close', () => {
      unsubscribe();
      keepAlive?.cancel();
    });
  }
}

function frame(observation: Observation): string {
  return `event: ${observation.type}\nid: ${observation.seq}\ndata: ${JSON.stringify(observation)}\n\n`;
}
