/** A Pulumi program: two scopes on the platform stack's public pool, one taking over paths of the other with groupOrder. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PoolReference, ScopeIngress, ScopeIngressArgs } from "pulumi-scope-ingress";

// A function program: ScopeIngress checks its balancers when it is constructed, so the platform stack's pool
// (examples/pool) is read as a plain value first, with await, instead of being passed on as an Output. Stack
// config platformStack names that stack (<organization>/<project>/<stack>).
export = async () => {
    const platformStack =
        new pulumi.Config().get("platformStack") ||
        `${pulumi.getOrganization()}/scope-ingress-pool/${pulumi.getStack()}`;
    const platform = new pulumi.StackReference(platformStack);
    const publicPool = (await platform.getOutputValue("publicPoolReference")) as PoolReference;

    // Both scopes serve one hostname from the public pool: each lands on the least-loaded member that has room
    // and is not draining (the pool grows by one member when none has room), unless it adopts an ALB.
    const checkoutHost = {
        visibility: "internet-facing",
        domain: "checkout.apps.example.com",
        hostedZoneId: aws.route53.getZoneOutput({ name: "apps.example.com" }).zoneId,
        namespace: "checkout",
        balancers: publicPool,
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

    return {
        checkoutAlb: checkout.balancerName,
        ordersAlb: orders.balancerName,
        albDnsName: checkout.dnsName,
    };
};
