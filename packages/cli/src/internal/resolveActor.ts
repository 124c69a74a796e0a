/**
 * Finds the actor a command names: by actor id first, then by registered name
 * (in `namespace` when given, else in every namespace, which must not be ambiguous).
 */
import type { ActorInfo, GcsApi } from "@rayx/gcs";
import { ActorNotFoundError, CliUsageError } from "../errors.js";

export async function resolveActor(
  gcs: GcsApi,
  idOrName: string,
  namespace: string | undefined,
): Promise<ActorInfo> {
  const byId = await gcs.getActor(idOrName);
  if (byId !== undefined) return byId;
  const names = (await gcs.listNames(namespace ?? "")).filter((n) => n.name === idOrName);
  if (names.length > 1) {
    const where = names.map((n) => n.namespace).join(", ");
    throw new CliUsageError(
      `the name '${idOrName}' is registered in several namespaces (${where}): pick one with --namespace`,
    );
  }
  const actorId = names[0]?.actorId;
  const actor = actorId === undefined ? undefined : await gcs.getActor(actorId);
  if (actor === undefined) throw new ActorNotFoundError(idOrName);
  return actor;
}
