import type { Dispatcher } from 'undici';

export interface WholeAnswer {
  statusCode: number;
  headers: Dispatcher.ResponseData['headers'];
  /** The body's bytes; a body that came in one socket read is that read's buffer, not a copy. */
  body: Buffer;
}

/**
 * Aborts every request in flight when the signal does, from one listener. A listener per request (as undici's
 * `request()` adds) is removed by a walk of the signal's whole list, and a paced run has hundreds waiting.
 */
export class InFlightRequests {
  readonly #controllers = new Set<Dispatcher.DispatchController>();
  readonly #signal: AbortSignal | undefined;

  constructor(signal?: AbortSignal) {
    this.#signal = signal;
    signal?.addEventListener('abort', () => {
      for (const controller of this.#controllers) controller.abort(abortReason(signal));
    }, { once: true });
  }

  /** Tracks `controller` until `end`; aborts it at once if the signal already has. */
  start(controller: Dispatcher.DispatchController): void {
    if (this.#signal?.aborted) controller.abort(abortReason(this.#signal));
    else this.#controllers.add(controller);
  }

  end(controller: Dispatcher.DispatchController | undefined): void {
    if (controller) this.#controllers.delete(controller);
  }
}

/**
 * Sends one request and resolves with its whole answer, collected straight from undici's dispatch callbacks:
 * no body stream, async iterator or promise per chunk, which were most of the JavaScript a request ran.
 * Rejects with undici's own errors (timeouts, socket errors, a body shorter than its Content-Length).
 */
export function sendRequest(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, inFlight: InFlightRequests): Promise<WholeAnswer> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    let headers: WholeAnswer['headers'] = {};
    const chunks: Buffer[] = [];
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        inFlight.start(controller);
      },
      onResponseStart(_controller, status, responseHeaders) {
        // 1xx informational answers come first; the final answer starts anew.
        statusCode = status;
        headers = responseHeaders;
        chunks.length = 0;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd(controller) {
        inFlight.end(controller);
        resolve({ statusCode, headers, body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks) });
      },
      onResponseError(controller: Dispatcher.DispatchController | undefined, error) {
        inFlight.end(controller);
        reject(error);
      },
    };
    try {
      dispatcher.dispatch(options, handler);
    } catch (error) {
      reject(error);
    }
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The request was aborted.');
}
