/**
 * @rayx/dashboard — the web dashboard of a rayx cluster: supervision trees, actors
 * and their call histories, tasks and their lineage, objects, nodes and workers,
 * logs and a timeline, read from the GCS and pushed live over ws. The runtime that
 * starts it (`@rayx/core`'s head node or embedded cluster) injects the control
 * operations behind its kill and restart buttons.
 */
export {
  startDashboard,
  type Dashboard,
  type DashboardControl,
  type DashboardOptions,
} from "./startDashboard.js";
