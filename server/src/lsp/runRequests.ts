// The custom requests of the run UI (issue 6). Unlike the standard handlers, a failed run request answers
// with an error the client shows (no data, rule not open), since the user asked for it explicitly.
import { ResponseError, type Connection } from 'vscode-languageserver/node';
import { describeError, type Logger } from './guard';
import type { RunService } from './runService';

import {
  ChooseDataSourceRequest, CreateTestRequest, DataSourcesRequest, RunRuleRequest, SourceRowsRequest,
  type ChooseDataSourceParams, type CreateTestParams, type DataSourcesParams, type DataSourcesResponse, type RunRuleParams,
  type SourceRowsParams,
} from './protocol';

export { CreateTestRequest } from './protocol';

/** Error code of a run request that could not be served (JSON-RPC's "request failed"). */
const RequestFailed = -32803;

/** Registers a custom request whose failure is answered with its message; cancellation aborts `signal`. */
export function answerRequest<P>(connection: Connection, log: Logger, method: string, handler: (params: P, signal: AbortSignal) => unknown): void {
  connection.onRequest(method, async (params: P, token): Promise<unknown> => {
    const controller = new AbortController();
    // A request cancelled before it was dispatched arrives with its token already cancelled, and that token
    // does not call listeners added later: look first.
    if (token.isCancellationRequested) controller.abort();
    else token.onCancellationRequested(() => controller.abort());
    try {
      return await handler(params, controller.signal);
    } catch (err) {
      log(`${method} failed: ${describeError(err)}`);
      return new ResponseError(RequestFailed, err instanceof Error ? err.message : String(err));
    }
  });
}

export function registerRunRequests(connection: Connection, runs: RunService, log: Logger): void {
  const answer = <P>(method: string, handler: (params: P, signal: AbortSignal) => unknown) => answerRequest(connection, log, method, handler);
  answer<RunRuleParams>(RunRuleRequest, (p, signal) => runs.run(p.uri, { now: p.now, window: p.window, signal }));
  answer<DataSourcesParams>(DataSourcesRequest, (p): DataSourcesResponse => ({
    isRule: runs.isRule(p.uri), sources: runs.runs.sources(p.uri), current: runs.runs.sourceOf(p.uri) ?? null,
  }));
  answer<ChooseDataSourceParams>(ChooseDataSourceRequest, (p) => { runs.runs.choose(p.uri, p.source); return null; });
  answer<CreateTestParams>(CreateTestRequest, (p) => runs.createTest(p.uri, p.name));
  answer<SourceRowsParams>(SourceRowsRequest, (p) => runs.sourceRows(p.uri, { row: p.row, alert: p.alert }));
}
