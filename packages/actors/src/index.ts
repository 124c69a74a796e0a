export type { Clock, Timer } from "./Clock.js";
export { systemClock } from "./Clock.js";
export type { ExitReason } from "./ExitReason.js";
export { isNormalExit } from "./ExitReason.js";
export type { Process } from "./Process.js";
export { actor } from "./actor.js";
export { readonly } from "./readonly.js";
export type { ActorOptions, MailboxOptions, OnError } from "./ActorOptions.js";
export { ActorCell } from "./ActorCell.js";
export type { CellContext } from "./CellContext.js";
export type { CellOptions, RebuildOptions, Redelivered } from "./CellOptions.js";
export type { ExitNotice } from "./ExitNotice.js";
export type { MethodName, MethodParams, MethodResult } from "./MethodName.js";
export { Mailbox } from "./Mailbox.js";
export type { MailboxConfig } from "./Mailbox.js";
export { lifecycleMachine, lifecycleStates, lifecycleEvents } from "./lifecycleMachine.js";
export type { LifecycleEvent, LifecycleState } from "./lifecycleMachine.js";
export { lifecycleTransition } from "./lifecycleTransition.js";
export type { LifecycleTransition } from "./lifecycleTransition.js";
export type {
  CallLog,
  CallLogReader,
  CallLogWriter,
  LoggedCall,
  RecordedResult,
  Snapshot,
} from "./CallLog.js";
export { InMemoryCallLog } from "./InMemoryCallLog.js";
export {
  ActorDiedError,
  IllegalTransitionError,
  InvalidActorOptionsError,
  MailboxFullError,
  NotAnActorError,
  RecordOutsideCallError,
  ReplayDivergedError,
  UnknownMethodError,
} from "./errors.js";
export type { ActorDiedOptions } from "./errors.js";
export { Supervisor } from "./Supervisor.js";
export type { SupervisorOptions } from "./Supervisor.js";
export type {
  ChildSpec,
  RestartType,
  Shutdown,
  Strategy,
  SupervisorChildSpec,
  SupervisorSpec,
  WorkerChildSpec,
} from "./SupervisorSpec.js";
export type { ChildCounts, ChildInfo, ChildState } from "./ChildInfo.js";
export type { SupervisorEvent } from "./SupervisorEvent.js";
export {
  ChildAlreadyPresentError,
  ChildAlreadyStartedError,
  ChildNotFoundError,
  ChildRestartingError,
  ChildRunningError,
  ChildStartError,
  SupervisorShutdownError,
  SupervisorSpecError,
} from "./errors.js";
export { definitionOf as actorDefinitionOf } from "./internal/ActorDefinition.js";
export type { ActorDefinition, ActorOverrides } from "./internal/ActorDefinition.js";
