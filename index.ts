/**
 * pulumi-scope-ingress: place each application scope on the least-loaded ALB of a pool, once, and keep it there.
 */
export * from "./core/balancer-name";
export * from "./core/rule-limits";
export * from "./core/candidate-pool";
export * from "./core/balancer-load";
export * from "./core/placement";
export * from "./core/placement-ledger";
export * from "./core/assignment-contract";
export * from "./provider/aws-clients";
export * from "./provider/aws-errors";
export * from "./provider/balancer-measurement";
export * from "./provider/balancer-address";
export * from "./provider/scope-placement";
export * from "./components/balancer-assignment";
export * from "./components/ingress-manifest";
export * from "./components/scope-ingress-args";
export * from "./components/scope-ingress";
