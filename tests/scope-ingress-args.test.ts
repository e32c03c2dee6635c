/** The arguments of a ScopeIngress: defaults, and every check made before anything is registered, each problem in one error. */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StackConfigReader } from "../core/candidate-pool";
import { ScopeIngressArgs, ScopeIngressContext, resolveScopeIngressArgs } from "../components/scope-ingress-args";
import { STACK_CONFIG_KEYS } from "../core/stack-config-keys";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";

const noConfig: StackConfigReader = () => undefined;

function problemsOf(
    overrides: Partial<ScopeIngressArgs>,
    name = "checkout-api",
    context?: ScopeIngressContext,
): string {
    try {
        resolveScopeIngressArgs(name, { ...CHECKOUT_SCOPE, ...overrides }, noConfig, context);
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
        const { ingress } = resolveScopeIngressArgs(
            "checkout-api",
            { ...CHECKOUT_SCOPE, additionalDomains: ["*.shop.example.com"] },
            noConfig,
        );
        expect(ingress.hosts).to.deep.equal(["checkout.apps.example.com", "*.shop.example.com"]);
    });

    it("names the component, then each bad field with its value and the fix, all at once", () => {
        const message = problemsOf({ domain: "Checkout.example.com", namespace: "Checkout", groupOrder: 1.5 });
        expect(message).to.match(/^ScopeIngress "checkout-api" has invalid arguments:\n/);
        expect(message).to.contain(
            'domain: "Checkout.example.com" has the label "Checkout"; each label must be 1-63 lowercase letters',
        );
        expect(message).to.contain('use a lowercase hostname such as "checkout.apps.example.com"');
        expect(message).to.contain("namespace: \"Checkout\" must be lowercase letters, digits and '-'");
        expect(message).to.contain("groupOrder: 1.5 is not a whole number; set an integer from -1000 to 1000");
    });

    it("rejects a bad visibility", () => {
        expect(problemsOf({ visibility: "public" as never })).to.match(
            /visibility: "public" is not a visibility; use "internet-facing" or "internal"/,
        );
    });

    it("reports the visibility and the pool in the same one error as every other bad field, one line each", () => {
        const message = problemsOf({
            visibility: "public" as never,
            balancers: { base: "alb_1", maxRules: -5 },
            domain: "Checkout.example.com",
            hostedZoneId: undefined as never,
        });
        const lines = message
            .split("\n")
            .slice(1)
            .map(line => line.trim());
        expect(lines.map(line => line.slice(0, line.indexOf(":")))).to.deep.equal([
            "visibility",
            "balancers.base",
            "domain",
            "hostedZoneId",
            "balancers.maxRules",
        ]);
        expect(lines).to.include(
            "balancers.maxRules: -5 must be at least 0; set it to the number of listener rules one ALB may carry (default 75, AWS quota 100)",
        );
    });

    it("names a missing hostedZoneId as such, instead of leaving it to fail inside @pulumi/aws", () => {
        expect(problemsOf({ hostedZoneId: undefined as never })).to.contain(
            "hostedZoneId: is missing; set the Route53 hosted zone of the hostnames",
        );
    });

    it("refuses a scope larger than maxRules, which no ALB could ever take", () => {
        const paths = [
            { path: "/a", pathType: "Prefix" as const },
            { path: "/b", pathType: "Prefix" as const },
        ];
        expect(
            problemsOf({ additionalDomains: ["shop.apps.example.com"], paths, balancers: { maxRules: 3 } }),
        ).to.contain(
            "balancers.maxRules: 3 is below the 4 listener rules one scope adds (this scope: 2 hostname(s) x 2 path(s) x its rule-carrying listener ports)," +
                " so no ALB could ever take it; raise balancers.maxRules to at least 4",
        );
        expect(problemsOf({ balancers: { maxRules: 0 } })).to.contain(
            "balancers.maxRules: 0 is below the 1 listener rules one scope adds",
        );
        expect(
            resolveScopeIngressArgs(
                "fits",
                { ...CHECKOUT_SCOPE, additionalDomains: ["shop.apps.example.com"], paths, balancers: { maxRules: 4 } },
                noConfig,
            ).expectedRules,
        ).to.equal(4);
    });

    it("rejects bad and repeated hostnames, naming the position", () => {
        expect(problemsOf({ additionalDomains: ["ok.example.com", "bad_host.example.com"] })).to.contain(
            'additionalDomains[1]: "bad_host.example.com" has the label "bad_host"',
        );
        expect(problemsOf({ additionalDomains: ["shop.example.com", "checkout.apps.example.com"] })).to.contain(
            'additionalDomains[1]: "checkout.apps.example.com" repeats domain; list each hostname once',
        );
        expect(problemsOf({ additionalDomains: [`${"a".repeat(64)}.example.com`] })).to.contain(
            "each label must be 1-63",
        );
        expect(problemsOf({ domain: "checkout" })).to.contain('domain: "checkout" must be a fully qualified name');
    });

    it("rejects empty paths, relative paths and unknown path types", () => {
        expect(problemsOf({ paths: [] })).to.contain("paths: [] has no path; give at least one");
        const message = problemsOf({
            paths: [
                { path: "api", pathType: "Prefix" },
                { path: "/x", pathType: "ImplementationSpecific" as never },
            ],
        });
        expect(message).to.contain(
            'paths[0].path: "api" does not start with "/"; write it as an absolute path such as "/api"',
        );
        expect(message).to.contain(
            'paths[1].pathType: "ImplementationSpecific" is not a path type; use "Exact" (that path only) or "Prefix"',
        );
    });

    it("accepts group orders from -1000 to 1000 and rejects the rest", () => {
        for (const groupOrder of [-1000, 0, 1000]) {
            expect(
                resolveScopeIngressArgs("s", { ...CHECKOUT_SCOPE, groupOrder }, noConfig).ingress.groupOrder,
            ).to.equal(groupOrder);
        }
        expect(problemsOf({ groupOrder: -1001 })).to.contain(
            "groupOrder: -1001 must be at least -1000; set an integer from -1000 to 1000",
        );
        expect(problemsOf({ groupOrder: 1001 })).to.contain("groupOrder: 1001 must be at most 1000");
    });

    it("rejects a service port outside 1..65535 and a bad service name", () => {
        expect(problemsOf({ service: { name: "checkout", port: 0 } })).to.contain(
            "service.port: 0 must be at least 1; set the Service's port number",
        );
        expect(problemsOf({ service: { name: "checkout", port: 65536 } })).to.contain(
            "service.port: 65536 must be at most 65535",
        );
        expect(problemsOf({ service: { name: "checkout", port: "http" as never } })).to.contain(
            'service.port: "http" is not a whole number',
        );
        expect(problemsOf({ service: { name: "Checkout", port: 80 } })).to.contain('service.name: "Checkout" must be');
    });

    it("rejects an Ingress name that is not a Kubernetes name, saying when it came from the component name", () => {
        expect(problemsOf({ ingressName: "Checkout" })).to.contain(
            'ingressName: "Checkout" must be dot-separated parts',
        );
        expect(problemsOf({}, "Checkout_API")).to.contain(
            "the component's name is the default; set ingressName to a valid Kubernetes name",
        );
    });

    it("rejects a bad ingressRef", () => {
        expect(problemsOf({ ingressRef: { namespace: "Checkout", name: "api" } })).to.contain(
            'ingressRef.namespace: "Checkout" must be',
        );
        expect(problemsOf({ ingressRef: { namespace: "checkout", name: "api_v1" } })).to.contain(
            'ingressRef.name: "api_v1" must be',
        );
    });

    it("refuses annotations that name the ALB, saying why and how to move a scope", () => {
        for (const key of ["alb.ingress.kubernetes.io/load-balancer-name", "alb.ingress.kubernetes.io/group.name"]) {
            expect(problemsOf({ annotations: { [key]: "alb-public-3" } })).to.contain(
                `annotations[${JSON.stringify(key)}]: "alb-public-3" cannot be set here; load-balancer-name and group.name are both set from the one stored BalancerAssignment; ` +
                    "overriding either would let routing (the Ingress) and DNS (the Route53 alias) point at different ALBs. " +
                    "To move a scope to another ALB, set pinnedBalancer",
            );
        }
    });

    it("refuses annotations that an argument sets", () => {
        expect(problemsOf({ annotations: { "alb.ingress.kubernetes.io/scheme": "internal" } })).to.contain(
            "set visibility instead",
        );
        expect(problemsOf({ annotations: { "alb.ingress.kubernetes.io/group.order": "1" } })).to.contain(
            "set groupOrder instead",
        );
    });

    it("rejects ALB names that cannot be a group.name, and a bad pinned ALB", () => {
        expect(problemsOf({ balancers: { base: "Alb-Public-1" } })).to.contain(
            'balancers: "Alb-Public-1" has upper-case letters',
        );
        expect(problemsOf({ pinnedBalancer: "alb_3" })).to.match(
            /pinnedBalancer: "alb_3" is not a valid ALB name: it may contain only letters, digits and hyphens/,
        );
        expect(problemsOf({ balancers: { additional: ["internal-x"] } })).to.match(
            /balancers\.additional\[0\]: "internal-x"/,
        );
    });

    it("takes the coordination namespace from balancers, then stack config, and leaves it out when neither sets it", () => {
        const config: StackConfigReader = key => (key === "coordinationNamespace" ? "from-config" : undefined);
        expect(resolveScopeIngressArgs("c", CHECKOUT_SCOPE, noConfig)).not.to.have.property("coordinationNamespace");
        expect(resolveScopeIngressArgs("c", CHECKOUT_SCOPE, config).coordinationNamespace).to.equal("from-config");
        expect(
            resolveScopeIngressArgs(
                "c",
                { ...CHECKOUT_SCOPE, balancers: { coordinationNamespace: "scope-ingress" } },
                config,
            ).coordinationNamespace,
        ).to.equal("scope-ingress");
    });

    it("rejects a coordination namespace that is not a DNS-1123 label, naming where it came from", () => {
        expect(problemsOf({ balancers: { coordinationNamespace: "Scope_Ingress" } })).to.contain(
            "balancers.coordinationNamespace: \"Scope_Ingress\" must be lowercase letters, digits and '-', beginning and ending with a letter or digit (DNS-1123 label); " +
                "name the namespace where placements record their reservations",
        );
        expect(() =>
            resolveScopeIngressArgs("c", CHECKOUT_SCOPE, key => (key === "coordinationNamespace" ? "-bad" : undefined)),
        ).to.throw('stack config scope-ingress:coordinationNamespace: "-bad" must be');
    });

    it("rejects bad placement limits", () => {
        expect(problemsOf({ balancers: { maxRules: -1 } })).to.contain("balancers.maxRules: -1 must be at least 0");
        expect(problemsOf({ balancers: { strict: "yes" as never } })).to.contain(
            'balancers.strict: "yes" is not true or false',
        );
    });

    it("rejects * and ? in a path, which the controller refuses in Exact and Prefix paths (buildPathPatternsForExactPathType, buildPathPatternsForPrefixPathType)", () => {
        const message = problemsOf({
            paths: [
                { path: "/api/*", pathType: "Prefix" },
                { path: "/v?/orders", pathType: "Exact" },
                { path: "/ok", pathType: "Exact" },
            ],
        });
        expect(message).to.contain(
            'paths[0].path: "/api/*" contains "*" or "?", which the Load Balancer Controller refuses in Exact and Prefix paths',
        );
        expect(message).to.contain('paths[1].path: "/v?/orders" contains "*" or "?"');
        expect(message).to.contain("write the literal path: a Prefix path already matches everything below it");
        expect(message).not.to.contain("paths[2]");
    });

    describe("listeners", () => {
        const LISTEN_PORTS = "alb.ingress.kubernetes.io/listen-ports";
        const SSL_REDIRECT = "alb.ingress.kubernetes.io/ssl-redirect";
        const FIX =
            'give one-key objects such as [{"HTTP":80},{"HTTPS":443}], each port an integer from 1 to 65535 and listed once';
        const configOf =
            (values: Record<string, string>): StackConfigReader =>
            key =>
                values[`scope-ingress:${key}`];
        const listenersOf = (balancers: ScopeIngressArgs["balancers"], config = noConfig) => {
            const { listenPorts, sslRedirectPort } = resolveScopeIngressArgs(
                "s",
                { ...CHECKOUT_SCOPE, balancers },
                config,
            ).ingress;
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
                listenPorts: [
                    { protocol: "HTTP", port: 80 },
                    { protocol: "HTTPS", port: 443 },
                ],
                sslRedirectPort: 443,
            });
        });

        it("takes balancers.listenPorts and sslRedirect over stack config, and stack config over the defaults", () => {
            const config = configOf({
                "scope-ingress:listenPorts": '[{"HTTP":8080},{"HTTPS":9443}]',
                "scope-ingress:sslRedirect": "9443",
            });
            expect(
                listenersOf(
                    { listenPorts: [{ HTTP: 80 }, { HTTPS: 443 }, { HTTPS: 8443 }], sslRedirect: 8443 },
                    config,
                ),
            ).to.deep.equal({
                listenPorts: [
                    { protocol: "HTTP", port: 80 },
                    { protocol: "HTTPS", port: 443 },
                    { protocol: "HTTPS", port: 8443 },
                ],
                sslRedirectPort: 8443,
            });
            expect(listenersOf({}, config)).to.deep.equal({
                listenPorts: [
                    { protocol: "HTTP", port: 8080 },
                    { protocol: "HTTPS", port: 9443 },
                ],
                sslRedirectPort: 9443,
            });
        });

        it("reads no redirect for sslRedirect false, from the argument or stack config", () => {
            expect(listenersOf({ listenPorts: [{ HTTP: 80 }], sslRedirect: false })).to.deep.equal({
                listenPorts: [{ protocol: "HTTP", port: 80 }],
                sslRedirectPort: undefined,
            });
            expect(listenersOf({}, configOf({ "scope-ingress:sslRedirect": "false" }))).to.deep.equal({
                listenPorts: [
                    { protocol: "HTTP", port: 80 },
                    { protocol: "HTTPS", port: 443 },
                ],
                sslRedirectPort: undefined,
            });
        });

        it("refuses listen-ports and ssl-redirect annotations: one scope's value would stop the controller for its whole group (mergeListenPortConfigs, buildSSLRedirectConfig)", () => {
            const annotations: Record<string, string> = {
                [LISTEN_PORTS]: '[{"HTTPS":80},{"HTTPS":443}]',
                [SSL_REDIRECT]: "8443",
            };
            const message = problemsOf({ annotations });
            for (const key of [LISTEN_PORTS, SSL_REDIRECT]) {
                expect(message).to.contain(
                    `annotations[${JSON.stringify(key)}]: ${JSON.stringify(annotations[key])} cannot be set here; the listeners are one setting of the whole pool`,
                );
            }
            expect(message).to.contain(
                "set balancers.listenPorts and balancers.sslRedirect (or stack config scope-ingress:listenPorts and scope-ingress:sslRedirect) to one value for every scope of the pool",
            );
            // Dropping the redirect with an undefined value was a per-scope group setting too.
            expect(problemsOf({ annotations: { [SSL_REDIRECT]: undefined as never } })).to.contain(
                `annotations[${JSON.stringify(SSL_REDIRECT)}]: cannot be set here`,
            );
        });

        it("rejects balancers.listenPorts that the controller would refuse, naming the field, value and fix", () => {
            const cases: [unknown, string][] = [
                [[], "is not a non-empty array"],
                ['[{"HTTP":80}]', "is not a non-empty array"],
                [
                    [{ HTTP: 80, HTTPS: 443 }],
                    'has {"HTTP":80,"HTTPS":443} at [0], which is not an object with exactly one key',
                ],
                [[{ TCP: 80 }], 'has the protocol "TCP" at [0], which is not "HTTP" or "HTTPS"'],
                [[{ HTTPS: 0 }], "has the port 0 at [0], which is not an integer from 1 to 65535"],
                [[{ HTTPS: 443.5 }], "has the port 443.5 at [0], which is not an integer from 1 to 65535"],
                [[{ HTTPS: "443" }], 'has the port "443" at [0], which is not an integer from 1 to 65535'],
                [[{ HTTPS: 443 }, { HTTP: 443 }], "lists port 443 twice"],
            ];
            for (const [listenPorts, problem] of cases) {
                expect(
                    rejected({ listenPorts: listenPorts as never, sslRedirect: false }),
                    JSON.stringify(listenPorts),
                ).to.contain(`balancers.listenPorts: ${JSON.stringify(listenPorts)} ${problem}; ${FIX}`);
            }
        });

        it("rejects stack config listenPorts whose port literals Go cannot decode into an int32, though JSON.parse reads integers (computeIngressListenPorts)", () => {
            const cases: [string, string][] = [
                [
                    '[{"HTTP":80.0},{"HTTPS":443}]',
                    "has the port literal 80.0 at [0], which is not an integer literal: the controller decodes ports into a Go int32",
                ],
                [
                    '[{"HTTP":80},{"HTTPS":4.43e2}]',
                    "has the port literal 4.43e2 at [1], which is not an integer literal: the controller decodes ports into a Go int32",
                ],
                [
                    '[{"HTTPS":443E0}]',
                    "has the port literal 443E0 at [0], which is not an integer literal: the controller decodes ports into a Go int32",
                ],
                ["[{HTTPS:443}]", "is not JSON"],
                ['[{"TCP":80}]', 'has the protocol "TCP" at [0], which is not "HTTP" or "HTTPS"'],
            ];
            for (const [raw, problem] of cases) {
                expect(
                    rejected({ sslRedirect: false }, configOf({ "scope-ingress:listenPorts": raw })),
                    raw,
                ).to.contain(`stack config scope-ingress:listenPorts: ${JSON.stringify(raw)} ${problem}; ${FIX}`);
            }
            // A string inside the JSON that looks like a number is not a port literal.
            expect(
                listenersOf(
                    { sslRedirect: false },
                    configOf({ "scope-ingress:listenPorts": '[ {"HTTP" : 80}, {"HTTPS":443} ]' }),
                ).listenPorts,
            ).to.deep.equal([
                { protocol: "HTTP", port: 80 },
                { protocol: "HTTPS", port: 443 },
            ]);
        });

        it("rejects an sslRedirect that is not an HTTPS port of the listeners or false, naming where each came from", () => {
            expect(rejected({ sslRedirect: 80 })).to.contain(
                'balancers.sslRedirect: 80 is not an HTTPS port of the default listen ports [{"HTTP":80},{"HTTPS":443}]; ' +
                    "set it to the HTTPS port HTTP requests are redirected to (443), or to false for no redirect",
            );
            expect(rejected({ sslRedirect: true as never })).to.contain(
                "balancers.sslRedirect: true is not a port number or false;",
            );
            expect(rejected({ listenPorts: [{ HTTP: 80 }, { HTTPS: 8443 }, { HTTPS: 9443 }] })).to.contain(
                "balancers.sslRedirect: 443 (the default) is not an HTTPS port of balancers.listenPorts; " +
                    "set it to the HTTPS port HTTP requests are redirected to (8443 or 9443), or to false for no redirect",
            );
            expect(rejected({ listenPorts: [{ HTTP: 80 }] })).to.contain(
                "balancers.sslRedirect: 443 (the default) is not an HTTPS port of balancers.listenPorts; " +
                    "balancers.listenPorts has no HTTPS port to redirect to: add one such as { HTTPS: 443 }, or set sslRedirect to false",
            );
            expect(rejected({}, configOf({ "scope-ingress:sslRedirect": "yes" }))).to.contain(
                'stack config scope-ingress:sslRedirect: "yes" is not a port number or false;',
            );
            expect(
                rejected(
                    {},
                    configOf({
                        "scope-ingress:listenPorts": '[{"HTTP":80},{"HTTPS":443}]',
                        "scope-ingress:sslRedirect": "80",
                    }),
                ),
            ).to.contain(
                'stack config scope-ingress:sslRedirect: "80" is not an HTTPS port of stack config scope-ingress:listenPorts;',
            );
        });

        it("lists every listener problem with the others in one error", () => {
            const message = rejected({ listenPorts: [{ TCP: 80 } as never], sslRedirect: true as never, maxRules: -1 });
            expect(message).to.contain("balancers.listenPorts:");
            expect(message).to.contain("balancers.sslRedirect:");
            expect(message).to.contain("balancers.maxRules: -1 must be at least 0");
        });
    });

    describe("JavaScript types, from callers without a compiler (JavaScript, YAML)", () => {
        /** The problem lines of the one error, without its header. */
        const linesOf = (overrides: Record<string, unknown>) =>
            problemsOf(overrides as Partial<ScopeIngressArgs>)
                .split("\n")
                .slice(1)
                .map(line => line.trim());

        it("reports a string given for a list as one problem, not one per character, and suggests the list", () => {
            expect(linesOf({ additionalDomains: "a.example.com" })).to.deep.equal([
                'additionalDomains: "a.example.com" is a string, not an array; give a list of hostnames, e.g. ["a.example.com"]',
            ]);
        });

        it("refuses booleans given as anything but true or false", () => {
            expect(
                linesOf({ dualStack: "yes", dnsRecords: 0, balancers: { assumeMissingInFlight: "true" } }),
            ).to.deep.equal([
                'dualStack: "yes" is not true or false; use true or false',
                "dnsRecords: 0 is not true or false; use true or false",
                'balancers.assumeMissingInFlight: "true" is not true or false; use true or false',
            ]);
        });

        it("refuses objects given as a string, an array or null, each once, and checks nothing inside them", () => {
            const lines = linesOf({
                service: "checkout",
                balancers: ["alb-public-1"],
                ingressRef: "checkout/api",
                annotations: "a=b",
                labels: null,
            });
            expect(lines).to.deep.equal([
                'service: "checkout" is a string, not an object; give the Service as { name: "checkout", port: 8080 }',
                'balancers: ["alb-public-1"] is an array, not an object; give the pool as an object, e.g. { base: "alb-public-1", additional: ["alb-public-2"] }',
                'ingressRef: "checkout/api" is a string, not an object; name the existing Ingress as { namespace: "checkout", name: "checkout-api" }',
                'annotations: "a=b" is a string, not an object; give a map of annotation keys to string values, e.g. { "alb.ingress.kubernetes.io/healthcheck-path": "/healthz" }',
                'labels: null is null, not an object; give a map of label keys to string values, e.g. { team: "payments" }',
            ]);
        });

        it("refuses paths that are not a list, or entries that are not objects, once each", () => {
            expect(linesOf({ paths: "/api" })).to.deep.equal([
                'paths: "/api" is a string, not an array; give a list of paths, e.g. [{ path: "/api", pathType: "Prefix" }]',
            ]);
            expect(linesOf({ paths: ["/api", { path: "/ok", pathType: "Prefix" }, 3] })).to.deep.equal([
                'paths[0]: "/api" is a string, not an object; give each path as { path: "/api", pathType: "Prefix" }',
                'paths[2]: 3 is a number, not an object; give each path as { path: "/api", pathType: "Prefix" }',
            ]);
        });

        it("refuses numbers given as strings, and names and hostnames given as numbers", () => {
            const lines = linesOf({
                groupOrder: "10",
                balancers: { maxRules: "75" },
                service: { name: 8080, port: "8080" },
                namespace: 1,
                domain: 5,
            });
            expect(lines).to.include(
                'groupOrder: "10" is not a whole number; set an integer from -1000 to 1000 (alb.ingress.kubernetes.io/group.order; lower is evaluated first)',
            );
            expect(lines.some(line => line.startsWith('balancers.maxRules: "75" is not a whole number'))).to.equal(
                true,
            );
            expect(lines).to.include('service.port: "8080" is not a whole number; set the Service\'s port number');
            expect(lines.some(line => line.startsWith("service.name: 8080 must be a string, got number"))).to.equal(
                true,
            );
            expect(lines.some(line => line.startsWith("namespace: 1 must be a string, got number"))).to.equal(true);
            expect(lines.some(line => line.startsWith("domain: 5 must be a string, got number"))).to.equal(true);
        });

        it("refuses a missing or wrongly typed service, hostedZoneId and region, once each", () => {
            expect(linesOf({ service: undefined })).to.deep.equal([
                'service: is missing; give the Service as { name: "checkout", port: 8080 }',
            ]);
            expect(linesOf({ hostedZoneId: 42 })[0]).to.match(
                /^hostedZoneId: 42 is a number, not a string; set the Route53 hosted zone/,
            );
            expect(linesOf({ hostedZoneId: "" })[0]).to.match(/^hostedZoneId: "" is empty;/);
            expect(linesOf({ region: 5 })).to.deep.equal([
                'region: 5 is not an AWS region code; use an AWS region code such as "us-east-1", or leave region out for the stack\'s aws:region',
            ]);
            expect(
                resolveScopeIngressArgs(
                    "later",
                    { ...CHECKOUT_SCOPE, hostedZoneId: Promise.resolve("Z1"), region: Promise.resolve("x") },
                    noConfig,
                ).ingress.name,
            ).to.equal("later");
        });

        it("names an unknown argument or balancers field with the nearest known one", () => {
            expect(linesOf({ dualstack: true, balancers: { maxRule: 80 } })).to.deep.equal([
                "dualstack: true is not an argument of ScopeIngress; did you mean dualStack? The keys are visibility, domain, additionalDomains, hostedZoneId, " +
                    "namespace, service, paths, groupOrder, balancers, region, ingressRef, pinnedBalancer, annotations, labels, ingressName, dualStack, dnsRecords, reconciliation, move",
                "balancers.maxRule: 80 is not a field of balancers; did you mean balancers.maxRules? The keys are balancers.base, balancers.additional, " +
                    "balancers.maxRules, balancers.maxTargetGroups, balancers.maxCertificates, balancers.maxListeners, balancers.strict, balancers.assumeMissingInFlight, balancers.listenPorts, balancers.sslRedirect, balancers.coordinationNamespace, balancers.pool",
            ]);
        });

        it("refuses arguments that are not an object at all", () => {
            expect(() => resolveScopeIngressArgs("none", undefined as never, noConfig)).to.throw(
                /^ScopeIngress "none" has invalid arguments:\n {2}arguments: is undefined, not an object; give the arguments as an object/,
            );
        });
    });

    describe("Kubernetes labels and annotations", () => {
        it("refuses label keys and values the API server refuses, naming each", () => {
            const message = problemsOf({
                labels: {
                    "team name": "payments",
                    "Example.com/team": "ok",
                    team: "pay ments",
                    tier: "x".repeat(64),
                    "app.kubernetes.io/name": "",
                },
            });
            expect(message).to.contain(
                "labels: \"team name\" is not a valid label key: its name \"team name\" must be 1-63 letters, digits, '-', '_' or '.'",
            );
            expect(message).to.contain(
                'labels: "Example.com/team" is not a valid label key: its prefix "Example.com" must be dot-separated parts of lowercase letters',
            );
            expect(message).to.contain('labels["team"]: "pay ments" must be empty or letters, digits');
            expect(message).to.contain('labels["tier"]: "xxxx');
            expect(message).to.contain("must be at most 63 characters (Kubernetes label value), got 64");
            expect(message).not.to.contain("app.kubernetes.io/name");
            expect(problemsOf({ labels: { team: 7 as never } })).to.contain(
                'labels["team"]: 7 must be a string, got number',
            );
        });

        it("accepts valid labels and annotations, an empty label value, and annotation keys in any letter case (the API server lowercases them)", () => {
            const { ingress } = resolveScopeIngressArgs(
                "ok",
                {
                    ...CHECKOUT_SCOPE,
                    labels: { "app.kubernetes.io/name": "checkout", Team_1: "", "example.com/tier": "Back.End_1" },
                    annotations: {
                        "alb.ingress.kubernetes.io/healthcheck-path": "/healthz",
                        "Example.COM/Owner": "payments team, room 4",
                    },
                },
                noConfig,
            );
            expect(ingress.labels).to.deep.equal({
                "app.kubernetes.io/name": "checkout",
                Team_1: "",
                "example.com/tier": "Back.End_1",
            });
        });

        it("refuses annotation keys that are not qualified names, and values that are not strings", () => {
            const message = problemsOf({
                annotations: {
                    "alb.ingress.kubernetes.io/health check": "/",
                    "a/b/c": "x",
                    "example.com/port": 8080 as never,
                },
            });
            expect(message).to.contain(
                'annotations: "alb.ingress.kubernetes.io/health check" is not a valid annotation key: its name "health check" must be',
            );
            expect(message).to.contain('annotations: "a/b/c" is not a valid annotation key: it has more than one "/"');
            expect(message).to.contain(
                'annotations["example.com/port"]: 8080 is a number, not a string; annotation values are strings: write "8080"',
            );
        });

        it("refuses annotations over the API server's total size of 256 KiB", () => {
            expect(problemsOf({ annotations: { "example.com/big": "x".repeat(262_144) } })).to.contain(
                "annotations: total 262159 bytes, over Kubernetes' limit of 262144; keep large data out of annotations",
            );
        });
    });

    describe("hostnames", () => {
        it("refuses an IP address as a hostname: Kubernetes refuses IPs in Ingress hosts (validateIngressRules: must be a DNS name, not an IP address)", () => {
            for (const ip of ["10.0.0.1", "192.168.001.010", "255.255.255.255"]) {
                expect(problemsOf({ domain: ip }), ip).to.contain(
                    `domain: ${JSON.stringify(ip)} is an IP address, but an Ingress host must be a DNS name`,
                );
            }
            expect(problemsOf({ additionalDomains: ["10.0.0.1"] })).to.contain(
                'additionalDomains[0]: "10.0.0.1" is an IP address',
            );
            expect(problemsOf({ domain: "::1" })).to.contain('domain: "::1" must be a fully qualified name');
            // Names that only look numeric are names.
            for (const host of ["10.0.0.256.example.com", "1.2.3.4.nip.io", "10.0.0.300"]) {
                expect(
                    resolveScopeIngressArgs("n", { ...CHECKOUT_SCOPE, domain: host }, noConfig).ingress.hosts,
                    host,
                ).to.deep.equal([host]);
            }
        });
    });

    describe("stack config keys", () => {
        it("names a misspelled scope-ingress key, with the nearest valid key and the list, without showing its value", () => {
            const message = problemsOf({}, "checkout-api", { configKeys: ["publicBalancers", "publicBalancer"] });
            expect(message).to.equal(
                'ScopeIngress "checkout-api" has invalid arguments:\n' +
                    "  stack config scope-ingress:publicBalancers: is not a setting of this package, so it would be ignored; did you mean scope-ingress:publicBalancer? " +
                    "The keys are scope-ingress:publicBalancer, scope-ingress:additionalPublicBalancers, scope-ingress:privateBalancer, " +
                    "scope-ingress:additionalPrivateBalancers, scope-ingress:listenPorts, scope-ingress:sslRedirect, scope-ingress:coordinationNamespace",
            );
            expect(problemsOf({}, "s", { configKeys: ["zone"] })).to.contain(
                "stack config scope-ingress:zone: is not a setting of this package, so it would be ignored; use one of scope-ingress:publicBalancer,",
            );
        });

        it("README names every key of the one list", () => {
            const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
            for (const key of STACK_CONFIG_KEYS) {
                expect(readme, key).to.contain(`\`scope-ingress:${key}\``);
            }
        });

        it("accepts every key of the one list", () => {
            expect(STACK_CONFIG_KEYS).to.deep.equal([
                "publicBalancer",
                "additionalPublicBalancers",
                "privateBalancer",
                "additionalPrivateBalancers",
                "listenPorts",
                "sslRedirect",
                "coordinationNamespace",
            ]);
            expect(
                resolveScopeIngressArgs("s", CHECKOUT_SCOPE, noConfig, { configKeys: STACK_CONFIG_KEYS }).pool.base,
            ).to.equal("k8s-nullplatform-internet-facing");
        });
    });

    it("says when no region can be found, in the same one error", () => {
        const message = problemsOf({ namespace: "Checkout" }, "checkout-api", { regionFound: false });
        expect(message).to.match(/^ScopeIngress "checkout-api" has invalid arguments:\n/);
        expect(message).to.contain(
            "region: no AWS region found in the region argument, an explicit aws provider, stack config aws:region, AWS_REGION or AWS_DEFAULT_REGION; " +
                'set one, e.g. "pulumi config set aws:region us-east-1" or region: "us-east-1"',
        );
        expect(message).to.contain('namespace: "Checkout"');
        expect(
            resolveScopeIngressArgs("s", { ...CHECKOUT_SCOPE, region: "eu-west-1" }, noConfig, { regionFound: false })
                .pool.visibility,
        ).to.equal("internet-facing");
    });
});
