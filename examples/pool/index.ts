/** A Pulumi program: the platform stack, declaring an internet-facing and an internal pool of ALBs for scope stacks. */
import { BalancerPool, BalancerPoolArgs } from "pulumi-scope-ingress";

// Both pools coordinate placements, and publish their settings, in this namespace (it must exist).
const shared = {
    region: "us-east-1",
    coordinationNamespace: "scope-ingress",
    // The thresholds every scope stack of both pools places with (a number, or a share of the account's limit).
    maxRules: 75,
    maxTargetGroups: "75%",
    maxCertificates: "80%",
    maxListeners: 20,
    tags: { team: "platform" },
    idleTimeoutSeconds: 120,
} satisfies Partial<BalancerPoolArgs>;

// Two ALBs kept by this stack; placements grow it up to six when no member has room.
const publicPool = new BalancerPool("public", {
    ...shared,
    name: "public",
    visibility: "internet-facing",
    namePrefix: "alb-public",
    minMembers: 2,
    maxMembers: 6,
    certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"],
    accessLogs: { bucket: "example-alb-logs", prefix: "public" },
    wafv2AclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/00000000-0000-0000-0000-000000000000",
});

// Explicit members: this pool never grows. alb-internal-1 is being emptied: no new scope goes there.
const internalPool = new BalancerPool("internal", {
    ...shared,
    name: "internal",
    visibility: "internal",
    members: ["alb-internal-1", "alb-internal-2"],
    draining: ["alb-internal-1"],
    listenPorts: [{ HTTP: 80 }],
    sslRedirect: false,
    subnets: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
    annotations: { "alb.ingress.kubernetes.io/ip-address-type": "ipv4" },
});

// What scope stacks read through a StackReference and pass to ScopeIngress as balancers.
export const publicPoolReference = publicPool.reference;
export const internalPoolReference = internalPool.reference;
