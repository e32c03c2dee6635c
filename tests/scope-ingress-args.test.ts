import { expect } from "chai";
import type { StackConfigReader } from "../provider/candidate-pool";
import { ScopeIngressArgs, resolveScopeIngressArgs } from "../components/scope-ingress-args";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";

const noConfig: StackConfigReader = () => undefined;

function problemsOf(overrides: Partial<ScopeIngressArgs>, name = "checkout-api"): string {
    try {
        resolveScopeIngressArgs(name, { ...CHECKOUT_SCOPE, ...overrides }, noConfig);
    } catch (e) {
        return (e as Error).message;
    }
    throw new Error("expected the arguments to be rejected");
}

describe("ScopeIngress arguments", () => {
    it("defaults the paths to / Prefix, the Ingress name to the component's, the pool per visibility", () => {
        const { pool, ingress } = resolveScopeIngressArgs("checkout-api", CHECKOUT_SCOPE, noConfig);
        expect(ingress.paths).to.deep.equal([{ path: "/", pathType: "Prefix" }]);
        expect(ingress.name).to.equal("checkout-api");
        expect(ingress.hosts).to.deep.equal(["checkout.apps.example.com"]);
        expect(pool.candidates).to.deep.equal(["k8s-nullplatform-internet-facing"]);
    });

    it("lists the domain first, then the additional domains", () => {
        const { ingress } = resolveScopeIngressArgs("checkout-api", { ...CHECKOUT_SCOPE, additionalDomains: ["*.shop.example.com"] }, noConfig);
        expect(ingress.hosts).to.deep.equal(["checkout.apps.example.com", "*.shop.example.com"]);
    });

    it("names the component, then each bad field with its value and the fix, all at once", () => {
        const message = problemsOf({ domain: "Checkout.example.com", namespace: "Checkout", groupOrder: 1.5 });
        expect(message).to.match(/^ScopeIngress "checkout-api" has invalid arguments:\n/);
        expect(message).to.contain('domain: "Checkout.example.com" has the label "Checkout"; each label must be 1-63 lowercase letters');
        expect(message).to.contain('use a lowercase hostname such as "checkout.apps.example.com"');
        expect(message).to.contain('namespace: "Checkout" must be lowercase letters, digits and \'-\'');
        expect(message).to.contain("groupOrder: must be a whole number, got 1.5; set an integer from -1000 to 1000");
    });

    it("rejects a bad visibility", () => {
        expect(problemsOf({ visibility: "public" as never })).to.match(/visibility: "public" is not a visibility; use "internet-facing" or "internal"/);
    });

    it("rejects bad and repeated hostnames, naming the position", () => {
        expect(problemsOf({ additionalDomains: ["ok.example.com", "bad_host.example.com"] }))
            .to.contain('additionalDomains[1]: "bad_host.example.com" has the label "bad_host"');
        expect(problemsOf({ additionalDomains: ["shop.example.com", "checkout.apps.example.com"] }))
            .to.contain('additionalDomains[1]: "checkout.apps.example.com" repeats domain; list each hostname once');
        expect(problemsOf({ additionalDomains: [`${"a".repeat(64)}.example.com`] })).to.contain("each label must be 1-63");
        expect(problemsOf({ domain: "checkout" })).to.contain('domain: "checkout" must be a fully qualified name');
    });

    it("rejects empty paths, relative paths and unknown path types", () => {
        expect(problemsOf({ paths: [] })).to.contain("paths: [] has no path; give at least one");
        const message = problemsOf({ paths: [{ path: "api", pathType: "Prefix" }, { path: "/x", pathType: "ImplementationSpecific" as never }] });
        expect(message).to.contain('paths[0].path: "api" does not start with "/"; write it as an absolute path such as "/api"');
        expect(message).to.contain('paths[1].pathType: "ImplementationSpecific" is not a path type; use "Exact" (that path only) or "Prefix"');
    });

    it("accepts group orders from -1000 to 1000 and rejects the rest", () => {
        for (const groupOrder of [-1000, 0, 1000]) {
            expect(resolveScopeIngressArgs("s", { ...CHECKOUT_SCOPE, groupOrder }, noConfig).ingress.groupOrder).to.equal(groupOrder);
        }
        expect(problemsOf({ groupOrder: -1001 })).to.contain("groupOrder: must be at least -1000, got -1001; set an integer from -1000 to 1000");
        expect(problemsOf({ groupOrder: 1001 })).to.contain("groupOrder: must be at most 1000, got 1001");
    });

    it("rejects a service port outside 1..65535 and a bad service name", () => {
        expect(problemsOf({ service: { name: "checkout", port: 0 } })).to.contain("service.port: must be at least 1, got 0; set the Service's port number");
        expect(problemsOf({ service: { name: "checkout", port: 65536 } })).to.contain("service.port: must be at most 65535, got 65536");
        expect(problemsOf({ service: { name: "checkout", port: "http" as never } })).to.contain('service.port: must be a whole number, got "http"');
        expect(problemsOf({ service: { name: "Checkout", port: 80 } })).to.contain('service.name: "Checkout" must be');
    });

    it("rejects an Ingress name that is not a Kubernetes name, saying when it came from the component name", () => {
        expect(problemsOf({ ingressName: "Checkout" })).to.contain('ingressName: "Checkout" must be dot-separated parts');
        expect(problemsOf({}, "Checkout_API")).to.contain("the component's name is the default; set ingressName to a valid Kubernetes name");
    });

    it("rejects a bad ingressRef", () => {
        expect(problemsOf({ ingressRef: { namespace: "Checkout", name: "api" } })).to.contain('ingressRef.namespace: "Checkout" must be');
        expect(problemsOf({ ingressRef: { namespace: "checkout", name: "api_v1" } })).to.contain('ingressRef.name: "api_v1" must be');
    });

    it("refuses annotations that name the ALB, saying why and how to move a scope", () => {
        for (const key of ["alb.ingress.kubernetes.io/load-balancer-name", "alb.ingress.kubernetes.io/group.name"]) {
            expect(problemsOf({ annotations: { [key]: "alb-public-3" } })).to.contain(
                `annotations: "${key}" cannot be set here: load-balancer-name and group.name are both set from the one stored BalancerAssignment; ` +
                "overriding either would let routing (the Ingress) and DNS (the Route53 alias) point at different ALBs. " +
                "To move a scope to another ALB, set pinnedBalancer");
        }
    });

    it("refuses annotations that an argument sets", () => {
        expect(problemsOf({ annotations: { "alb.ingress.kubernetes.io/scheme": "internal" } })).to.contain("set visibility instead");
        expect(problemsOf({ annotations: { "alb.ingress.kubernetes.io/group.order": "1" } })).to.contain("set groupOrder instead");
    });

    it("rejects ALB names that cannot be a group.name, and a bad pinned ALB", () => {
        expect(problemsOf({ balancers: { base: "Alb-Public-1" } })).to.contain('balancers: ALB "Alb-Public-1" has upper-case letters');
        expect(problemsOf({ pinnedBalancer: "alb_3" })).to.match(/pinnedBalancer: "alb_3" is not a valid ALB name/);
        expect(problemsOf({ balancers: { additional: ["internal-x"] } })).to.match(/balancers\.additional\[0\]: "internal-x"/);
    });

    it("rejects bad placement limits", () => {
        expect(problemsOf({ balancers: { maxRules: -1 } })).to.contain("maxRules: must be at least 0, got -1");
        expect(problemsOf({ balancers: { strict: "yes" as never } })).to.contain('strict: must be true or false, got "yes"');
    });

    it("rejects * and ? in a path, which the controller refuses in Exact and Prefix paths (buildPathPatternsForExactPathType, buildPathPatternsForPrefixPathType)", () => {
        const message = problemsOf({ paths: [{ path: "/api/*", pathType: "Prefix" }, { path: "/v?/orders", pathType: "Exact" }, { path: "/ok", pathType: "Exact" }] });
        expect(message).to.contain('paths[0].path: "/api/*" contains "*" or "?", which the Load Balancer Controller refuses in Exact and Prefix paths');
        expect(message).to.contain('paths[1].path: "/v?/orders" contains "*" or "?"');
        expect(message).to.contain("write the literal path: a Prefix path already matches everything below it");
        expect(message).not.to.contain("paths[2]");
    });

    describe("listeners", () => {
        const LISTEN_PORTS = "alb.ingress.kubernetes.io/listen-ports";
        const SSL_REDIRECT = "alb.ingress.kubernetes.io/ssl-redirect";
        const listenersOf = (annotations: Record<string, string>) =>
            resolveScopeIngressArgs("s", { ...CHECKOUT_SCOPE, annotations }, noConfig).listeners;

        it("reads the default listeners and redirect when no annotation overrides them", () => {
            expect(resolveScopeIngressArgs("s", CHECKOUT_SCOPE, noConfig).listeners).to.deep.equal({
                listenPorts: [{ protocol: "HTTP", port: 80 }, { protocol: "HTTPS", port: 443 }],
                sslRedirectPort: 443,
            });
        });

        it("reads the caller's listen-ports and ssl-redirect over the defaults", () => {
            expect(listenersOf({ [LISTEN_PORTS]: '[{"HTTP":80},{"HTTPS":443},{"HTTPS":8443}]', [SSL_REDIRECT]: "8443" })).to.deep.equal({
                listenPorts: [{ protocol: "HTTP", port: 80 }, { protocol: "HTTPS", port: 443 }, { protocol: "HTTPS", port: 8443 }],
                sslRedirectPort: 8443,
            });
        });

        it("reads no redirect when the caller's ssl-redirect value is undefined, which drops the annotation", () => {
            expect(listenersOf({ [LISTEN_PORTS]: '[{"HTTP":80}]', [SSL_REDIRECT]: undefined as never }))
                .to.deep.equal({ listenPorts: [{ protocol: "HTTP", port: 80 }], sslRedirectPort: undefined });
        });

        it("rejects a listen-ports that is not a JSON array of one-key HTTP or HTTPS objects with ports 1..65535, naming the field, value and fix", () => {
            const fix = 'write a JSON array of one-key objects such as [{"HTTP":80},{"HTTPS":443}], each port an integer from 1 to 65535 and listed once';
            const cases: [string, string][] = [
                ["443", "is not a non-empty JSON array"],
                ["[]", "is not a non-empty JSON array"],
                ["[{HTTPS:443}]", "is not JSON"],
                ['[{"HTTP":80,"HTTPS":443}]', 'has {"HTTP":80,"HTTPS":443} at [0], which is not an object with exactly one key'],
                ['[{"HTTPS":443},"HTTP"]', 'has "HTTP" at [1], which is not an object with exactly one key'],
                ['[{"TCP":80}]', 'has the protocol "TCP" at [0], which is not "HTTP" or "HTTPS"'],
                ['[{"HTTPS":0}]', "has the port 0 at [0], which is not an integer from 1 to 65535"],
                ['[{"HTTPS":65536}]', "has the port 65536 at [0], which is not an integer from 1 to 65535"],
                ['[{"HTTPS":"443"}]', 'has the port "443" at [0], which is not an integer from 1 to 65535'],
                ['[{"HTTPS":443.5}]', "has the port 443.5 at [0], which is not an integer from 1 to 65535"],
                ['[{"HTTPS":443},{"HTTP":443}]', "lists port 443 twice"],
            ];
            for (const [value, problem] of cases) {
                expect(problemsOf({ annotations: { [LISTEN_PORTS]: value } }), value)
                    .to.contain(`annotations["${LISTEN_PORTS}"]: ${JSON.stringify(value)} ${problem}; ${fix}`);
            }
        });

        it("rejects an ssl-redirect that is not one of the HTTPS ports, naming the field, value and fix", () => {
            expect(problemsOf({ annotations: { [SSL_REDIRECT]: "true" } })).to.contain(
                `annotations["${SSL_REDIRECT}"]: "true" is not a port number; set it to the HTTPS port HTTP requests are redirected to: "443"`);
            expect(problemsOf({ annotations: { [SSL_REDIRECT]: "80" } })).to.contain(
                `annotations["${SSL_REDIRECT}"]: "80" is not an HTTPS port of annotations["${LISTEN_PORTS}"]; ` +
                'set it to the HTTPS port HTTP requests are redirected to: "443"');
            expect(problemsOf({ annotations: { [LISTEN_PORTS]: '[{"HTTP":80},{"HTTPS":8443},{"HTTPS":9443}]' } })).to.contain(
                `annotations["${SSL_REDIRECT}"]: "443" (the default) is not an HTTPS port of annotations["${LISTEN_PORTS}"]; ` +
                'set it to the HTTPS port HTTP requests are redirected to: "8443" or "9443"');
            expect(problemsOf({ annotations: { [LISTEN_PORTS]: '[{"HTTP":80}]' } })).to.contain(
                `annotations["${SSL_REDIRECT}"]: "443" (the default) is not an HTTPS port of annotations["${LISTEN_PORTS}"]; ` +
                `annotations["${LISTEN_PORTS}"] has no HTTPS port to redirect to; add one such as {"HTTPS":443}`);
        });
    });
});
