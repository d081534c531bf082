// The fusion stage (pure): decide which reports tell the same real-world event and build the fused event.
// The store fuses a batch of new reports by: candidateWindow → indexed query of stored reports → planFusion
// (touchedEvents by sameEvent, clusterReports over their reports and the new ones, buildEvent per cluster) →
// applying the plan; fusionLocks names the space-time cells concurrent writers serialise on.
export {
  applyReview,
  attributionClaims,
  type BuildEventOptions,
  buildEvent,
  compareReports,
  eventAsOf,
  eventId,
  FUSION_AUTHOR,
  splitEventId,
} from "./build-event.js";
export { clusterReports, type FusionConstraints, NO_CONSTRAINTS } from "./cluster.js";
export { type FusionLock, fusionLocks, LOCK_GRID } from "./locks.js";
export { type FusionPlan, mergeReviews, planFusion, type StoredReport, touchedEvents } from "./plan.js";
export { eventTypeOf, FUSE_RULES, type FuseRules, parseFuseRules } from "./rules.js";
export {
  type ActorRelation,
  type CandidateWindow,
  candidateWindow,
  dateInterval,
  fusionInterval,
  type FusionVerdict,
  fusionVerdict,
  coarseness,
  SCORE_RULES,
  sameEvent,
  tollRelation,
} from "./same-event.js";
export {
  comparePublished,
  fuseCount,
  publishedBy,
  sourcedClaims,
  type Toll,
  tollAsOf,
  tollOf,
} from "./tolls.js";
