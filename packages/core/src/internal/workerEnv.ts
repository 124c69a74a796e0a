/**
 * The environment a worker process is started with: how it knows it is a worker,
 * who it is, and where to connect back. Set by `WorkerPool`, read by `workerMain`
 * and `isDriver`; nothing else reads these variables.
 */

/** Set (to the worker's id) in every worker process; absent in a driver. */
export const WORKER_ID_ENV = "RAYX_WORKER_ID";

/** The Unix socket path of the node manager's transport, in a worker process. */
export const TRANSPORT_PATH_ENV = "RAYX_TRANSPORT_PATH";

/** Largest frame the worker accepts, in bytes, matching its pool's. */
export const MAX_FRAME_BYTES_ENV = "RAYX_MAX_FRAME_BYTES";

/** The id of the worker's node (`thisNodeId()` of its node manager or agent); absent for a bare pool. */
export const NODE_ID_ENV = "RAYX_NODE_ID";

/** The session dir of a runtime's node (GCS and object store live under it); absent for a bare pool. */
export const SESSION_DIR_ENV = "RAYX_SESSION_DIR";

/** The job's namespace, for named actors looked up from a worker. */
export const NAMESPACE_ENV = "RAYX_NAMESPACE";

/** The GCS env dir of the cluster, in a worker of a node joined from the head's host; absent otherwise. */
export const GCS_DIR_ENV = "RAYX_GCS_DIR";

/** The head's address, in a worker of a node joined from another host: its GCS is reached over ws. */
export const GCS_ADDRESS_ENV = "RAYX_GCS_ADDRESS";

/** The cluster token for `GCS_ADDRESS_ENV`, when the cluster has one. */
export const GCS_TOKEN_ENV = "RAYX_GCS_TOKEN";
