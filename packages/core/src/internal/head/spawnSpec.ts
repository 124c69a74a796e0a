/**
 * An actor's spawn request as its GCS record keeps it (`ActorInfo.spawnSpec`): the
 * class, methods, constructor arguments and options a head needs to rebuild the
 * actor after a crash of the head itself, its state then coming from the call log.
 * Encoded once per request: the record is written again at every lifecycle change.
 */
import type { SpawnRequest } from "../clusterClient.js";
import { decodeValue, encodeValue } from "../wireCodec.js";

const encoded = new WeakMap<SpawnRequest, Uint8Array>();

/** The bytes of `request` for the actor's record. */
export function spawnSpecOf(request: SpawnRequest): Uint8Array {
  let bytes = encoded.get(request);
  if (bytes === undefined) {
    bytes = encodeValue(request, "spawn request");
    encoded.set(request, bytes);
  }
  return bytes;
}

/** The spawn request `spawnSpecOf` encoded. */
export function decodeSpawnSpec(spec: Uint8Array): SpawnRequest {
  return decodeValue(spec) as SpawnRequest;
}
