/** The Ingress manifest a scope gets: ALB and group annotations, rules per host and path, order, listeners, the caller's extras. */
import { expect } from "chai";
import { ALB_ANNOTATIONS } from "../core/alb-annotations";
import { IngressManifestInput, buildIngressManifest } from "../components/ingress-manifest";

const INPUT: IngressManifestInput = {
    name: "checkout-api",
    namespace: "checkout",
    visibility: "internet-facing",
    hosts: ["checkout.apps.example.com", "shop.example.com"],
    paths: [
        { path: "/", pathType: "Prefix" },
        { path: "/health", pathType: "Exact" },
    ],
    service: { name: "checkout", port: 8080 },
    listenPorts: [
        { protocol: "HTTP", port: 80 },
        { protocol: "HTTPS", port: 443 },
    ],
    sslRedirectPort: 443,
};

describe("Ingress manifest", () => {
    it("names the ALB in both load-balancer-name and group.name, with the scheme and HTTPS defaults", () => {
        expect(buildIngressManifest(INPUT, "alb-public-2").metadata).to.deep.equal({
            name: "checkout-api",
            namespace: "checkout",
            annotations: {
                "alb.ingress.kubernetes.io/load-balancer-name": "alb-public-2",
                "alb.ingress.kubernetes.io/group.name": "alb-public-2",
                "alb.ingress.kubernetes.io/scheme": "internet-facing",
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
                "alb.ingress.kubernetes.io/ssl-redirect": "443",
                "alb.ingress.kubernetes.io/target-type": "ip",
            },
            labels: {},
        });
    });

    it("has one rule per host, each with every path to the service", () => {
        const backend = { service: { name: "checkout", port: { number: 8080 } } };
        expect(buildIngressManifest(INPUT, "alb-public-2").spec).to.deep.equal({
            ingressClassName: "alb",
            rules: INPUT.hosts.map(host => ({
                host,
                http: {
                    paths: [
                        { path: "/", pathType: "Prefix", backend },
                        { path: "/health", pathType: "Exact", backend },
                    ],
                },
            })),
        });
    });

    it("sets group.order only when given, including 0 and negative orders", () => {
        expect(buildIngressManifest(INPUT, "alb").metadata.annotations).not.to.have.property(
            ALB_ANNOTATIONS.groupOrder,
        );
        expect(
            buildIngressManifest({ ...INPUT, groupOrder: 0 }, "alb").metadata.annotations[ALB_ANNOTATIONS.groupOrder],
        ).to.equal("0");
        expect(
            buildIngressManifest({ ...INPUT, groupOrder: -10 }, "alb").metadata.annotations[ALB_ANNOTATIONS.groupOrder],
        ).to.equal("-10");
    });

    it("merges the caller's annotations over the defaults and copies the labels", () => {
        const { metadata } = buildIngressManifest(
            {
                ...INPUT,
                annotations: {
                    [ALB_ANNOTATIONS.targetType]: "instance",
                    "alb.ingress.kubernetes.io/healthcheck-path": "/health",
                },
                labels: { team: "payments" },
            },
            "alb-public-2",
        );
        expect(metadata.annotations).to.include({
            [ALB_ANNOTATIONS.targetType]: "instance",
            "alb.ingress.kubernetes.io/healthcheck-path": "/health",
            [ALB_ANNOTATIONS.sslRedirect]: "443",
        });
        expect(metadata.labels).to.deep.equal({ team: "payments" });
    });

    it("keeps the ALB, the scheme and the order even if reserved annotations slip through", () => {
        const { annotations } = buildIngressManifest(
            {
                ...INPUT,
                groupOrder: 5,
                annotations: {
                    [ALB_ANNOTATIONS.loadBalancerName]: "other",
                    [ALB_ANNOTATIONS.groupName]: "other",
                    [ALB_ANNOTATIONS.scheme]: "internal",
                    [ALB_ANNOTATIONS.groupOrder]: "1",
                },
            },
            "alb-public-2",
        ).metadata;
        expect(annotations).to.include({
            [ALB_ANNOTATIONS.loadBalancerName]: "alb-public-2",
            [ALB_ANNOTATIONS.groupName]: "alb-public-2",
            [ALB_ANNOTATIONS.scheme]: "internet-facing",
            [ALB_ANNOTATIONS.groupOrder]: "5",
        });
    });

    it("writes the pool's listen-ports and ssl-redirect, with no ssl-redirect when the pool has none", () => {
        const listeners = {
            listenPorts: [
                { protocol: "HTTP", port: 8080 },
                { protocol: "HTTPS", port: 8443 },
            ] as const,
        };
        expect(
            buildIngressManifest({ ...INPUT, ...listeners, sslRedirectPort: 8443 }, "alb").metadata.annotations,
        ).to.include({
            [ALB_ANNOTATIONS.listenPorts]: '[{"HTTP":8080},{"HTTPS":8443}]',
            [ALB_ANNOTATIONS.sslRedirect]: "8443",
        });
        expect(
            buildIngressManifest({ ...INPUT, ...listeners, sslRedirectPort: undefined }, "alb").metadata.annotations,
        ).not.to.have.property(ALB_ANNOTATIONS.sslRedirect);
    });

    it("keeps the pool's listeners even if listener annotations slip through", () => {
        const { annotations } = buildIngressManifest(
            {
                ...INPUT,
                sslRedirectPort: undefined,
                annotations: { [ALB_ANNOTATIONS.listenPorts]: '[{"HTTPS":80}]', [ALB_ANNOTATIONS.sslRedirect]: "8443" },
            },
            "alb",
        ).metadata;
        expect(annotations[ALB_ANNOTATIONS.listenPorts]).to.equal('[{"HTTP":80},{"HTTPS":443}]');
        expect(annotations).not.to.have.property(ALB_ANNOTATIONS.sslRedirect);
    });
});
