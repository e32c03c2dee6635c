import { expect } from "chai";
import type { StackConfigReader } from "../core/candidate-pool";
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
        expect(message).to.contain("groupOrder: 1.5 is not a whole number; set an integer from -1000 to 1000");
    });

    it("rejects a bad visibility", () => {
        expect(problemsOf({ visibility: "public" as never })).to.match(/visibility: "public" is not a visibility; use "internet-facing" or "internal"/);
    });

    it("reports the visibility and the pool in the same one error as every other bad field, one line each", () => {
        const message = problemsOf({
            visibility: "public" as never, balancers: { base: "alb_1", maxRules: -5 }, domain: "Checkout.example.com", hostedZoneId: undefined as never,
        });
        const lines = message.split("\n").slice(1).map(line => line.trim());
        expect(lines.map(line => line.slice(0, line.indexOf(":")))).to.deep.equal(["visibility", "balancers.base", "domain", "hostedZoneId", "balancers.maxRules"]);
        expect(lines).to.include('balancers.maxRules: -5 must be at least 0; set it to the number of listener rules one ALB may carry (default 75, AWS quota 100)');
    });

    it("names a missing hostedZoneId as such, instead of leaving it to fail inside @pulumi/aws", () => {
        expect(problemsOf({ hostedZoneId: undefined as never })).to.contain("hostedZoneId: is missing; set the Route53 hosted zone of the hostnames");
    });

    it("refuses a scope larger than maxRules, which no ALB could ever take", () => {
        const paths = [{ path: "/a", pathType: "Prefix" as const }, { path: "/b", pathType: "Prefix" as const }];
        expect(problemsOf({ additionalDomains: ["shop.apps.example.com"], paths, balancers: { maxRules: 3 } }))
            .to.contain("balancers.maxRules: 3 is below the 4 listener rules one scope adds (this scope: 2 hostname(s) x 2 path(s) x its rule-carrying listener ports)," +
                " so no ALB could ever take it; raise balancers.maxRules to at least 4");
        expect(problemsOf({ balancers: { maxRules: 0 } })).to.contain("balancers.maxRules: 0 is below the 1 listener rules one scope adds");
        expect(resolveScopeIngressArgs("fits", { ...CHECKOUT_SCOPE, additionalDomains: ["shop.apps.example.com"], paths, balancers: { maxRules: 4 } }, noConfig)
            .expectedRules).to.equal(4);
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
        expect(problemsOf({ groupOrder: -1001 })).to.contain("groupOrder: -1001 must be at least -1000; set an integer from -1000 to 1000");
        expect(problemsOf({ groupOrder: 1001 })).to.contain("groupOrder: 1001 must be at most 1000");
    });

    it("rejects a service port outside 1..65535 and a bad service name", () => {
        expect(problemsOf({ service: { name: "checkout", port: 0 } })).to.contain("service.port: 0 must be at least 1; set the Service's port number");
        expect(problemsOf({ service: { name: "checkout", port: 65536 } })).to.contain("service.port: 65536 must be at most 65535");
        expect(problemsOf({ service: { name: "checkout", port: "http" as never } })).to.contain('service.port: "http" is not a whole number');
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
                `annotations[${JSON.stringify(key)}]: "alb-public-3" cannot be set here; load-balancer-name and group.name are both set from the one stored BalancerAssignment; ` +
                "overriding either would let routing (the Ingress) and DNS (the Route53 alias) point at different ALBs. " +
                "To move a scope to another ALB, set pinnedBalancer");
        }
    });

    it("refuses annotations that an argument sets", () => {
        expect(problemsOf({ annotations: { "alb.ingress.kubernetes.io/scheme": "internal" } })).to.contain("set visibility instead");
        expect(problemsOf({ annotations: { "alb.ingress.kubernetes.io/group.order": "1" } })).to.contain("set groupOrder instead");
    });

    it("rejects ALB names that cannot be a group.name, and a bad pinned ALB", () => {
        expect(problemsOf({ balancers: { base: "Alb-Public-1" } })).to.contain('balancers: "Alb-Public-1" has upper-case letters');
        expect(problemsOf({ pinnedBalancer: "alb_3" })).to.match(/pinnedBalancer: "alb_3" is not a valid ALB name: it may contain only letters, digits and hyphens/);
        expect(problemsOf({ balancers: { additional: ["internal-x"] } })).to.match(/balancers\.additional\[0\]: "internal-x"/);
    });

    it("takes the coordination namespace from balancers, then stack config, and leaves it out when neither sets it", () => {
        const config: StackConfigReader = key => (key === "coordinationNamespace" ? "from-config" : undefined);
        expect(resolveScopeIngressArgs("c", CHECKOUT_SCOPE, noConfig)).not.to.have.property("coordinationNamespace");
        expect(resolveScopeIngressArgs("c", CHECKOUT_SCOPE, config).coordinationNamespace).to.equal("from-config");
        expect(resolveScopeIngressArgs("c", { ...CHECKOUT_SCOPE, balancers: { coordinationNamespace: "scope-ingress" } }, config).coordinationNamespace).to.equal("scope-ingress");
    });

    it("rejects a coordination namespace that is not a DNS-1123 label, naming where it came from", () => {
        expect(problemsOf({ balancers: { coordinationNamespace: "Scope_Ingress" } })).to.contain(
            'balancers.coordinationNamespace: "Scope_Ingress" must be lowercase letters, digits and \'-\', beginning and ending with a letter or digit (DNS-1123 label); ' +
            "name the namespace where placements record their reservations");
        expect(() => resolveScopeIngressArgs("c", CHECKOUT_SCOPE, key => (key === "coordinationNamespace" ? "-bad" : undefined)))
            .to.throw('stack config scope-ingress:coordinationNamespace: "-bad" must be');
    });

    it("rejects bad placement limits", () => {
        expect(problemsOf({ balancers: { maxRules: -1 } })).to.contain("balancers.maxRules: -1 must be at least 0");
        expect(problemsOf({ balancers: { strict: "yes" as never } })).to.contain('balancers.strict: "yes" is not true or false');
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
        const FIX = 'give one-key objects such as [{"HTTP":80},{"HTTPS":443}], each port an integer from 1 to 65535 and listed once';
        const configOf = (values: Record<string, string>): StackConfigReader => key => values[`scope-ingress:${key}`];
        const listenersOf = (balancers: ScopeIngressArgs["balancers"], config = noConfig) => {
            const { listenPorts, sslRedirectPort } = resolveScopeIngressArgs("s", { ...CHECKOUT_SCOPE, balancers }, config).ingress;
            return { listenPorts, sslRedirectPort };
        };
        const rejected = (balancers: ScopeIngressArgs["balancers"], config = noConfig) => {
            try {
                resolveScopeIngressArgs("s", { ...CHECKOUT_SCOPE, balancers }, config);
            } catch (e) {
                return (e as Error).message;
            }
            throw new Error("expected the listeners to be rejected");
        };

        it("defaults to HTTP 80 and HTTPS 443 with HTTP redirected to 443", () => {
            expect(listenersOf(undefined)).to.deep.equal({
                listenPorts: [{ protocol: "HTTP", port: 80 }, { protocol: "HTTPS", port: 443 }],
                sslRedirectPort: 443,
            });
        });

        it("takes balancers.listenPorts and sslRedirect over stack config, and stack config over the defaults", () => {
            const config = configOf({ "scope-ingress:listenPorts": '[{"HTTP":8080},{"HTTPS":9443}]', "scope-ingress:sslRedirect": "9443" });
            expect(listenersOf({ listenPorts: [{ HTTP: 80 }, { HTTPS: 443 }, { HTTPS: 8443 }], sslRedirect: 8443 }, config)).to.deep.equal({
                listenPorts: [{ protocol: "HTTP", port: 80 }, { protocol: "HTTPS", port: 443 }, { protocol: "HTTPS", port: 8443 }],
                sslRedirectPort: 8443,
            });
            expect(listenersOf({}, config)).to.deep.equal({
                listenPorts: [{ protocol: "HTTP", port: 8080 }, { protocol: "HTTPS", port: 9443 }],
                sslRedirectPort: 9443,
            });
        });

        it("reads no redirect for sslRedirect false, from the argument or stack config", () => {
            expect(listenersOf({ listenPorts: [{ HTTP: 80 }], sslRedirect: false }))
                .to.deep.equal({ listenPorts: [{ protocol: "HTTP", port: 80 }], sslRedirectPort: undefined });
            expect(listenersOf({}, configOf({ "scope-ingress:sslRedirect": "false" })))
                .to.deep.equal({ listenPorts: [{ protocol: "HTTP", port: 80 }, { protocol: "HTTPS", port: 443 }], sslRedirectPort: undefined });
        });

        it("refuses listen-ports and ssl-redirect annotations: one scope's value would stop the controller for its whole group (mergeListenPortConfigs, buildSSLRedirectConfig)", () => {
            const annotations: Record<string, string> = { [LISTEN_PORTS]: '[{"HTTPS":80},{"HTTPS":443}]', [SSL_REDIRECT]: "8443" };
            const message = problemsOf({ annotations });
            for (const key of [LISTEN_PORTS, SSL_REDIRECT]) {
                expect(message).to.contain(`annotations[${JSON.stringify(key)}]: ${JSON.stringify(annotations[key])} cannot be set here; the listeners are one setting of the whole pool`);
            }
            expect(message).to.contain("set balancers.listenPorts and balancers.sslRedirect (or stack config scope-ingress:listenPorts and scope-ingress:sslRedirect) to one value for every scope of the pool");
            // Dropping the redirect with an undefined value was a per-scope group setting too.
            expect(problemsOf({ annotations: { [SSL_REDIRECT]: undefined as never } })).to.contain(`annotations[${JSON.stringify(SSL_REDIRECT)}]: cannot be set here`);
        });

        it("rejects balancers.listenPorts that the controller would refuse, naming the field, value and fix", () => {
            const cases: [unknown, string][] = [
                [[], "is not a non-empty array"],
                ["[{\"HTTP\":80}]", "is not a non-empty array"],
                [[{ HTTP: 80, HTTPS: 443 }], 'has {"HTTP":80,"HTTPS":443} at [0], which is not an object with exactly one key'],
                [[{ TCP: 80 }], 'has the protocol "TCP" at [0], which is not "HTTP" or "HTTPS"'],
                [[{ HTTPS: 0 }], "has the port 0 at [0], which is not an integer from 1 to 65535"],
                [[{ HTTPS: 443.5 }], "has the port 443.5 at [0], which is not an integer from 1 to 65535"],
                [[{ HTTPS: "443" }], 'has the port "443" at [0], which is not an integer from 1 to 65535'],
                [[{ HTTPS: 443 }, { HTTP: 443 }], "lists port 443 twice"],
            ];
            for (const [listenPorts, problem] of cases) {
                expect(rejected({ listenPorts: listenPorts as never, sslRedirect: false }), JSON.stringify(listenPorts))
                    .to.contain(`balancers.listenPorts: ${JSON.stringify(listenPorts)} ${problem}; ${FIX}`);
            }
        });

        it("rejects stack config listenPorts whose port literals Go cannot decode into an int32, though JSON.parse reads integers (computeIngressListenPorts)", () => {
            const cases: [string, string][] = [
                ['[{"HTTP":80.0},{"HTTPS":443}]', "has the port literal 80.0 at [0], which is not an integer literal: the controller decodes ports into a Go int32"],
                ['[{"HTTP":80},{"HTTPS":4.43e2}]', "has the port literal 4.43e2 at [1], which is not an integer literal: the controller decodes ports into a Go int32"],
                ['[{"HTTPS":443E0}]', "has the port literal 443E0 at [0], which is not an integer literal: the controller decodes ports into a Go int32"],
                ["[{HTTPS:443}]", "is not JSON"],
                ['[{"TCP":80}]', 'has the protocol "TCP" at [0], which is not "HTTP" or "HTTPS"'],
            ];
            for (const [raw, problem] of cases) {
                expect(rejected({ sslRedirect: false }, configOf({ "scope-ingress:listenPorts": raw })), raw)
                    .to.contain(`stack config scope-ingress:listenPorts: ${JSON.stringify(raw)} ${problem}; ${FIX}`);
            }
            // A string inside the JSON that looks like a number is not a port literal.
            expect(listenersOf({ sslRedirect: false }, configOf({ "scope-ingress:listenPorts": '[ {"HTTP" : 80}, {"HTTPS":443} ]' })).listenPorts)
                .to.deep.equal([{ protocol: "HTTP", port: 80 }, { protocol: "HTTPS", port: 443 }]);
        });

        it("rejects an sslRedirect that is not an HTTPS port of the listeners or false, naming where each came from", () => {
            expect(rejected({ sslRedirect: 80 })).to.contain(
                'balancers.sslRedirect: 80 is not an HTTPS port of the default listen ports [{"HTTP":80},{"HTTPS":443}]; ' +
                "set it to the HTTPS port HTTP requests are redirected to (443), or to false for no redirect");
            expect(rejected({ sslRedirect: true as never })).to.contain("balancers.sslRedirect: true is not a port number or false;");
            expect(rejected({ listenPorts: [{ HTTP: 80 }, { HTTPS: 8443 }, { HTTPS: 9443 }] })).to.contain(
                "balancers.sslRedirect: 443 (the default) is not an HTTPS port of balancers.listenPorts; " +
                "set it to the HTTPS port HTTP requests are redirected to (8443 or 9443), or to false for no redirect");
            expect(rejected({ listenPorts: [{ HTTP: 80 }] })).to.contain(
                "balancers.sslRedirect: 443 (the default) is not an HTTPS port of balancers.listenPorts; " +
                "balancers.listenPorts has no HTTPS port to redirect to: add one such as { HTTPS: 443 }, or set sslRedirect to false");
            expect(rejected({}, configOf({ "scope-ingress:sslRedirect": "yes" }))).to.contain(
                'stack config scope-ingress:sslRedirect: "yes" is not a port number or false;');
            expect(rejected({}, configOf({ "scope-ingress:listenPorts": '[{"HTTP":80},{"HTTPS":443}]', "scope-ingress:sslRedirect": "80" }))).to.contain(
                'stack config scope-ingress:sslRedirect: "80" is not an HTTPS port of stack config scope-ingress:listenPorts;');
        });

        it("lists every listener problem with the others in one error", () => {
            const message = rejected({ listenPorts: [{ TCP: 80 } as never], sslRedirect: true as never, maxRules: -1 });
            expect(message).to.contain("balancers.listenPorts:");
            expect(message).to.contain("balancers.sslRedirect:");
            expect(message).to.contain("balancers.maxRules: -1 must be at least 0");
        });
    });
});
