/**
 * pulumi-scope-ingress: place each application scope on the least-loaded ALB of a pool, once, and keep it there.
 */
export * from "./provider/balancer-name";
export * from "./provider/rule-limits";
export * from "./provider/candidate-pool";
export * from "./provider/aws-clients";
export * from "./provider/aws-errors";
export * from "./provider/balancer-measurement";
export * from "./provider/balancer-address";
export * from "./provider/placement";
export * from "./provider/scope-placement";
export * from "./provider/placement-ledger";
export * from "./provider/assignment-contract";
export * from "./components/balancer-assignment";
export * from "./components/ingress-manifest";
export * from "./components/scope-ingress-args";
export * from "./components/scope-ingress";
