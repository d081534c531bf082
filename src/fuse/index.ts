// The fusion stage (pure): decide which reports tell the same real-world event and build the fused event.
// STORE fuses a new report by: candidateWindow → indexed query of stored reports → sameEvent against each →
// clusterReports over (the reports of the events they belong to + the new report) → buildEvent per cluster.
export {
  applyReview,
  attributionClaims,
  type BuildEventOptions,
  buildEvent,
  compareReports,
  eventAsOf,
  eventId,
  FUSION_AUTHOR,
} from "./build-event.js";
export { clusterReports } from "./cluster.js";
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
