/** A Pulumi program: two scopes on a pool of three ALBs, one taking over paths of the other with groupOrder. */
import * as aws from "@pulumi/aws";
import { ScopeIngress, ScopeIngressArgs } from "pulumi-scope-ingress";

// Both scopes serve one hostname from the public pool: each scope lands on the least-loaded of these
// three ALBs that has room, unless it adopts an ALB.
const checkoutHost = {
    visibility: "internet-facing",
    domain: "checkout.apps.example.com",
    hostedZoneId: aws.route53.getZoneOutput({ name: "apps.example.com" }).zoneId,
    namespace: "checkout",
    balancers: { base: "alb-public-1", additional: ["alb-public-2", "alb-public-3"] },
} satisfies Partial<ScopeIngressArgs>;

// The running service: every path of the hostname, through the default Prefix "/".
const checkout = new ScopeIngress("checkout-api", {
    ...checkoutHost,
    service: { name: "checkout", port: 8080 },
});

// The service that replaces it, one endpoint at a time. It adopts checkout-api's ALB through its Ingress,
// so both Ingresses share one group.name; its lower group.order puts its Exact paths ahead of the old
// Prefix "/" on that ALB. The hostname's records stay checkout-api's alone (dnsRecords: false), so the
// migration never touches DNS. When every path has moved, point checkout-api's service at "orders" and
// delete this scope.
const orders = new ScopeIngress(
    "checkout-orders",
    {
        ...checkoutHost,
        service: { name: "orders", port: 8080 },
        ingressRef: { namespace: "checkout", name: "checkout-api" },
        groupOrder: -10,
        paths: [
            { path: "/orders", pathType: "Exact" },
            { path: "/orders/history", pathType: "Exact" },
        ],
        dnsRecords: false,
    },
    { dependsOn: [checkout] },
);

export const checkoutAlb = checkout.balancerName;
export const ordersAlb = orders.balancerName;
export const albDnsName = checkout.dnsName;
