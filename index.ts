/** The package root: exactly the public API that README.md's "Public API" table lists, name by name; everything else is internal. */

// The components a Pulumi program declares, their arguments and the types their fields use.
export { ScopeIngress } from "./components/scope-ingress";
export type { ScopeIngressArgs, ScopeIngressBalancers } from "./components/scope-ingress-args";
export type { ScopeIngressReconciliation } from "./components/reconciliation-args";
export type { ScopeIngressMove } from "./components/move-args";
export type { IngressPath, PathType } from "./components/ingress-manifest";
export type { ListenPortEntry } from "./core/pool-listeners";
export { BalancerAssignment } from "./components/balancer-assignment";
export type { BalancerAssignmentArgs } from "./components/balancer-assignment";
export type { AssignmentOutputs, AssignmentSource, IngressRef } from "./core/assignment-contract";
export type { Visibility } from "./core/candidate-pool";
export { BalancerPool } from "./components/balancer-pool";
export type { BalancerPoolArgs, PoolAccessLogs } from "./components/balancer-pool-args";
export type { PoolReference, PoolSettings } from "./core/pool-settings";

// The placement engine, for programmatic use, with its parameter and result types.
export { resolveCandidatePool } from "./core/candidate-pool";
export type { CandidatePool, PoolSelection, StackConfigReader } from "./core/candidate-pool";
export { measureBalancers } from "./provider/balancer-measurement";
export type { MeasureOptions } from "./provider/balancer-measurement";
export type {
    BalancerAddress,
    BalancerMeasurement,
    FailedBalancer,
    InFlightBalancer,
    ListenerLoad,
    MeasuredBalancer,
} from "./core/balancer-load";
export { choosePlacement } from "./core/placement";
export type { CandidateLoad, Placement, PlacementReason } from "./core/placement";
export type { RuleLimits } from "./core/rule-limits";
export { placeScope } from "./provider/scope-placement";
export type { PlaceScopeRequest, ScopePlacement } from "./provider/scope-placement";
export type { ArrivalOptions } from "./provider/balancer-address";
export { PlacementLedger } from "./core/placement-ledger";
export { MeasurementCache } from "./provider/measurement-cache";
export type { MeasurementCacheOptions } from "./provider/measurement-cache";

// The errors a caller catches.
export { CapacityExhaustedError, NoEligibleCandidateError, NoMeasurableCandidateError } from "./core/placement";
export { InvalidInputError } from "./core/problems";
export type { Problem } from "./core/problems";
