/** The smallest valid ScopeIngress arguments, which tests change one field at a time. */
import type { ScopeIngressArgs } from "../../components/scope-ingress-args";

/** The smallest valid `ScopeIngress` arguments; tests spread their changes over it. */
export const CHECKOUT_SCOPE: ScopeIngressArgs = {
    visibility: "internet-facing",
    domain: "checkout.apps.example.com",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
    namespace: "checkout",
    service: { name: "checkout", port: 8080 },
};
