/**
 * The `supervise()` trees of a node: each is a kernel `Supervisor` started as a
 * temporary child of the job's root, built from a `SupervisorRequest` (actor children
 * become `RemoteActor` starts, nested specs nested supervisors), found again by its
 * path (`tree/nested/…`), and recorded in the GCS supervisors table.
 */
import { ChildStartError, Supervisor } from "@rayx/actors";
import type { ChildSpec, Process, SupervisorSpec } from "@rayx/actors";
import type { Gcs } from "@rayx/gcs";
import { InvalidArgumentError } from "../errors.js";
import type {
  ActorAddress,
  SpawnRequest,
  SupervisedChildRequest,
  SupervisorOp,
  SupervisorRequest,
} from "./clusterClient.js";
import { recordSupervisor } from "./recordSupervisor.js";

/** What the trees need of their node manager. */
export interface TreeHost {
  readonly root: Supervisor;
  readonly gcs: Gcs;
  /** The start function of actor child `childId` of the supervisor at `path`. */
  childStart(
    request: SpawnRequest,
    path: string,
    childId: string,
    owner: () => Promise<Supervisor>,
  ): () => Promise<Process>;
  /** The live actor of child `childId` of the supervisor at `path`. */
  child(path: string, childId: string): ActorAddress | undefined;
}

export class SupervisionTrees {
  readonly #host: TreeHost;
  /** The running trees' top supervisors, by id. */
  readonly #tops = new Map<string, Supervisor>();
  #next = 1;

  constructor(host: TreeHost) {
    this.#host = host;
  }

  /** Starts a tree under the job's root; resolves its id. Bad specs fail with the kernel's `SupervisorSpecError`. */
  async supervise(request: SupervisorRequest): Promise<string> {
    const id = request.name ?? `supervisor-${this.#next++}`;
    if (id.includes("/") || this.#tops.has(id)) {
      throw new InvalidArgumentError(
        `a supervisor named '${id}' is running (or the name holds '/'): choose another name`,
      );
    }
    const spec = this.#kernelSpec(request, id);
    const root = this.#host.root;
    const process = await root
      .startChild({
        id,
        restart: "temporary",
        type: "supervisor",
        start: () => Supervisor.start(spec, { id }),
      })
      .catch((error: unknown) => {
        // The root's ChildStartError only wraps what is wrong with this tree: say that directly.
        throw error instanceof ChildStartError ? error.cause : error;
      });
    this.#tops.set(id, process as Supervisor);
    await recordSupervisor(this.#host.gcs, process as Supervisor, {
      ...(request.name === undefined ? {} : { name: request.name }),
      parentId: root.id,
      strategy: request.strategy ?? "one_for_one",
      intensity: request.intensity ?? 3,
      periodMs: request.period ?? 5000,
      spec: new Uint8Array(0),
      children: request.children.map((child) => ({ childId: child.id })),
    });
    return id;
  }

  async call(supervisorId: string, operation: SupervisorOp): Promise<unknown> {
    const supervisor = await this.at(supervisorId);
    switch (operation.op) {
      case "child":
        return this.#host.child(supervisorId, operation.childId);
      case "children":
        return supervisor.children();
      case "startChild":
        await supervisor.startChild(this.#kernelChild(operation.child, supervisorId));
        return undefined;
      case "terminateChild":
        return supervisor.terminateChild(operation.childId);
      case "restartChild":
        await supervisor.restartChild(operation.childId);
        return undefined;
      case "deleteChild":
        return supervisor.deleteChild(operation.childId);
      case "stop":
        await supervisor.stop();
        this.#tops.delete(supervisorId);
        return undefined;
    }
  }

  /** The supervisor at `path`: a tree's id, then child ids of nested supervisors. */
  async at(path: string): Promise<Supervisor> {
    const [top, ...nested] = path.split("/");
    let supervisor = this.#tops.get(top ?? "");
    let at = top ?? "";
    for (const childId of nested) {
      at = `${at}/${childId}`;
      supervisor = (await supervisor?.child(childId)) as Supervisor | undefined;
    }
    if (supervisor === undefined) {
      throw new InvalidArgumentError(`no running supervisor '${at}': it stopped, or never started`);
    }
    return supervisor;
  }

  #kernelSpec(request: SupervisorRequest, path: string): SupervisorSpec {
    return {
      ...(request.strategy === undefined ? {} : { strategy: request.strategy }),
      ...(request.intensity === undefined ? {} : { intensity: request.intensity }),
      ...(request.period === undefined ? {} : { period: request.period }),
      children: request.children.map((child) => this.#kernelChild(child, path)),
    };
  }

  #kernelChild(child: SupervisedChildRequest, path: string): ChildSpec {
    const base = {
      id: child.id,
      ...(child.restart === undefined ? {} : { restart: child.restart }),
      ...(child.shutdown === undefined ? {} : { shutdown: child.shutdown }),
    };
    if ("supervisor" in child) {
      return { ...base, supervisor: this.#kernelSpec(child.supervisor, `${path}/${child.id}`) };
    }
    return {
      ...base,
      start: this.#host.childStart(child.actor, path, child.id, () => this.at(path)),
    };
  }
}
