/**
 * The GCS service's method table: for each `GcsOperations` method, the codecs of
 * its arguments and of its result. Server and client both read this one table, so
 * the two sides cannot disagree on a method, and the type below makes a method
 * missing from it (or a codec of the wrong type) a compile error.
 */
import type { EventQuery, GcsOperations, NameClaim, SpanQuery } from "../GcsApi.js";
import type { CallSpan, LifecycleEvent } from "../records.js";
import {
  actorCodec,
  callCodec,
  eventCodec,
  jobCodec,
  loggedCallCodec,
  namedActorCodec,
  nodeCodec,
  objectCodec,
  recordCodec,
  snapshotCodec,
  spanCodec,
  supervisorCodec,
  taskCodec,
  values,
  type Codec,
} from "./codec.js";

type Codecs<A extends readonly unknown[]> = { readonly [I in keyof A]: Codec<A[I]> };

export interface MethodSpec<A extends readonly unknown[], R> {
  readonly args: Codecs<A>;
  readonly result: Codec<R>;
}

export type MethodName = keyof GcsOperations;
type Spec<K extends MethodName> = MethodSpec<
  Parameters<GcsOperations[K]>,
  Awaited<ReturnType<GcsOperations[K]>>
>;

const { string, number, bool, optional, list } = values;
const none = values.void;
const eventQuery = recordCodec<EventQuery>("EventQuery");
const nameClaim = recordCodec<NameClaim>("NameClaim");
const events: Codec<readonly LifecycleEvent[]> = list(eventCodec);
const spanQuery = recordCodec<SpanQuery>("SpanQuery");
const spans: Codec<readonly CallSpan[]> = list(spanCodec);

export const methods: { readonly [K in MethodName]: Spec<K> } = {
  putNode: { args: [nodeCodec], result: none },
  getNode: { args: [string], result: optional(nodeCodec) },
  listNodes: { args: [], result: list(nodeCodec) },
  removeNode: { args: [string], result: none },

  putJob: { args: [jobCodec], result: none },
  getJob: { args: [string], result: optional(jobCodec) },
  listJobs: { args: [], result: list(jobCodec) },

  putActor: { args: [actorCodec], result: none },
  getActor: { args: [string], result: optional(actorCodec) },
  listActors: { args: [], result: list(actorCodec) },
  removeActor: { args: [string], result: none },

  putTask: { args: [taskCodec], result: none },
  getTask: { args: [string], result: optional(taskCodec) },
  listTasks: { args: [], result: list(taskCodec) },

  putObject: { args: [objectCodec], result: none },
  getObject: { args: [string], result: optional(objectCodec) },
  listObjects: { args: [], result: list(objectCodec) },
  removeObject: { args: [string], result: none },

  claimName: { args: [string, string, string], result: nameClaim },
  lookupName: { args: [string, string], result: optional(string) },
  releaseName: { args: [string, string, string], result: bool },
  listNames: { args: [string], result: list(namedActorCodec) },

  putSupervisor: { args: [supervisorCodec], result: none },
  getSupervisor: { args: [string], result: optional(supervisorCodec) },
  listSupervisors: { args: [], result: list(supervisorCodec) },

  appendEvent: { args: [eventCodec], result: none },
  listEvents: { args: [eventQuery], result: events },
  appendSpans: { args: [spans], result: none },
  listSpans: { args: [spanQuery], result: spans },

  appendCall: { args: [string, callCodec], result: none },
  appendCalls: { args: [string, list(callCodec)], result: none },
  readCalls: { args: [string, number, number], result: list(loggedCallCodec) },
  lastSeq: { args: [string], result: number },
  compactCalls: { args: [string, number], result: number },
  writeSnapshot: { args: [string, snapshotCodec], result: none },
  latestSnapshot: { args: [string], result: optional(snapshotCodec) },
};

/** The spec of `name` if it is a method (own key, not `toString` and the like). */
export function methodSpec(name: string): MethodSpec<readonly unknown[], unknown> | undefined {
  return Object.hasOwn(methods, name) ? methods[name as MethodName] : undefined;
}

/** Control methods of the service that are not `GcsOperations`: one topic argument each. */
export const SUBSCRIBE = "subscribe";
/** A client's first request (no arguments, no result): the server closes a connection silent past its hello time. */
export const HELLO = "hello";
export const UNSUBSCRIBE = "unsubscribe";

/** The ws subprotocol naming this version of the frames (gcs_service.proto). */
export const PROTOCOL = "rayx.gcs.v1";

/** Largest frame either side sends or accepts unless told otherwise: 64 MiB. */
export const DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;
