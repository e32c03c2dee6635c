/** The listener-rule estimate of one scope: worked examples from the Load Balancer Controller, and how it answers to each input. */
import { expect } from "chai";
import fc from "fast-check";
import { ListenPort, ListenerRuleInputs, estimateListenerRules } from "../core/rule-estimate";

const HTTP_80: ListenPort = { protocol: "HTTP", port: 80 };
const HTTPS_443: ListenPort = { protocol: "HTTPS", port: 443 };
const HTTPS_8443: ListenPort = { protocol: "HTTPS", port: 8443 };
const DEFAULTS = { listenPorts: [HTTP_80, HTTPS_443], sslRedirectPort: 443 };

const port = fc.integer({ min: 1, max: 65535 });
const protocol = fc.constantFrom<ListenPort["protocol"]>("HTTP", "HTTPS");
const listenPort = fc.record({ protocol, port });

/** Any scope: hosts, paths, listeners each on its own port, with or without a redirect. */
const inputs: fc.Arbitrary<ListenerRuleInputs> = fc.record({
    hostCount: fc.integer({ min: 1, max: 20 }),
    pathCount: fc.integer({ min: 1, max: 20 }),
    listenPorts: fc.uniqueArray(listenPort, { selector: l => l.port, maxLength: 5 }),
    sslRedirectPort: fc.option(port, { nil: undefined }),
});

/** Those inputs and a port none of their listeners is on. */
const inputsAndFreePort = fc
    .tuple(inputs, port)
    .filter(([given, free]) => given.listenPorts.every(l => l.port !== free));

describe("rule estimate", () => {
    it("counts one HTTPS listener rule per host and path with the default listeners and redirect", () => {
        expect(estimateListenerRules({ hostCount: 1, pathCount: 1, ...DEFAULTS })).to.equal(1);
        expect(estimateListenerRules({ hostCount: 2, pathCount: 3, ...DEFAULTS })).to.equal(6);
    });

    it("doubles with a second HTTPS port: every host and path is a rule on each", () => {
        expect(
            estimateListenerRules({
                hostCount: 2,
                pathCount: 3,
                listenPorts: [HTTP_80, HTTPS_443, HTTPS_8443],
                sslRedirectPort: 443,
            }),
        ).to.equal(12);
    });

    it("counts the HTTP port too without ssl-redirect, since HTTP then routes like HTTPS", () => {
        expect(estimateListenerRules({ hostCount: 2, pathCount: 3, listenPorts: [HTTP_80, HTTPS_443] })).to.equal(12);
        expect(estimateListenerRules({ hostCount: 2, pathCount: 3, listenPorts: [HTTP_80] })).to.equal(6);
        expect(
            estimateListenerRules({
                hostCount: 1,
                pathCount: 1,
                listenPorts: [HTTP_80, { protocol: "HTTP", port: 8080 }, HTTPS_443],
            }),
        ).to.equal(3);
    });

    it("counts a port listed twice once, as the controller keys listeners by port", () => {
        expect(
            estimateListenerRules({
                hostCount: 2,
                pathCount: 1,
                listenPorts: [HTTPS_443, HTTPS_443],
                sslRedirectPort: 443,
            }),
        ).to.equal(2);
    });

    describe("worked examples from the controller (aws-load-balancer-controller pkg/ingress)", () => {
        it("buildListenerRules: one rule per Ingress rule host and path on each listener, none on HTTP when ssl-redirect is set", () => {
            // hosts shop and api, paths /cart (Exact), /orders and / (Prefix), listen-ports [{"HTTP":80},{"HTTPS":443}], ssl-redirect 443:
            // buildListenerRules(443, HTTPS) appends a rule for each of the 2 × 3 host and path pairs; buildListenerRules(80, HTTP)
            // returns at once (sslRedirectConfig != nil), leaving the listener its default redirect action, which no quota counts.
            expect(
                estimateListenerRules({
                    hostCount: 2,
                    pathCount: 3,
                    listenPorts: [HTTP_80, HTTPS_443],
                    sslRedirectPort: 443,
                }),
            ).to.equal(6);
            // Without ssl-redirect, buildListenerRules(80, HTTP) appends the same 6 rules as port 443 does.
            expect(estimateListenerRules({ hostCount: 2, pathCount: 3, listenPorts: [HTTP_80, HTTPS_443] })).to.equal(
                12,
            );
            // listen-ports [{"HTTP":80}] alone with ssl-redirect: the only listener is HTTP, so no rules at all.
            expect(
                estimateListenerRules({ hostCount: 2, pathCount: 3, listenPorts: [HTTP_80], sslRedirectPort: 443 }),
            ).to.equal(0);
        });

        it("buildListenerRules: the redirect port does not matter, only whether the group redirects", () => {
            // It checks t.sslRedirectConfig != nil, never the port: 8443 and 443 leave the same rules.
            const listenPorts = [HTTP_80, HTTPS_443, HTTPS_8443];
            expect(estimateListenerRules({ hostCount: 1, pathCount: 2, listenPorts, sslRedirectPort: 8443 })).to.equal(
                4,
            );
            expect(estimateListenerRules({ hostCount: 1, pathCount: 2, listenPorts, sslRedirectPort: 443 })).to.equal(
                4,
            );
        });

        it("computeIngressListenPorts: listen-ports is a map by port, so a port listed twice is one listener with one set of rules", () => {
            // [{"HTTPS":443},{"HTTPS":443},{"HTTP":80}] becomes {443: HTTPS, 80: HTTP}: 3 hosts × 1 path on 443 only.
            expect(
                estimateListenerRules({
                    hostCount: 3,
                    pathCount: 1,
                    listenPorts: [HTTPS_443, HTTPS_443, HTTP_80],
                    sslRedirectPort: 443,
                }),
            ).to.equal(3);
        });
    });

    describe("properties", () => {
        it("adding an HTTPS listener on a new port adds hosts × paths, redirect or not", () => {
            fc.assert(
                fc.property(inputsAndFreePort, ([given, free]) => {
                    const more = {
                        ...given,
                        listenPorts: [...given.listenPorts, { protocol: "HTTPS" as const, port: free }],
                    };
                    expect(estimateListenerRules(more) - estimateListenerRules(given)).to.equal(
                        given.hostCount * given.pathCount,
                    );
                }),
            );
        });

        it("adding an HTTP listener on a new port adds hosts × paths without a redirect and nothing with one", () => {
            fc.assert(
                fc.property(inputsAndFreePort, ([given, free]) => {
                    const more = {
                        ...given,
                        listenPorts: [...given.listenPorts, { protocol: "HTTP" as const, port: free }],
                    };
                    const added = given.sslRedirectPort === undefined ? given.hostCount * given.pathCount : 0;
                    expect(estimateListenerRules(more) - estimateListenerRules(given)).to.equal(added);
                }),
            );
        });

        it("a redirect never increases the count, and which port it names changes nothing", () => {
            fc.assert(
                fc.property(inputs, port, port, (given, redirect, otherRedirect) => {
                    const without = estimateListenerRules({ ...given, sslRedirectPort: undefined });
                    const withRedirect = estimateListenerRules({ ...given, sslRedirectPort: redirect });
                    expect(withRedirect).to.be.at.most(without);
                    expect(estimateListenerRules({ ...given, sslRedirectPort: otherRedirect })).to.equal(withRedirect);
                }),
            );
        });

        it("listing a listener again, anywhere, or listing the listeners in another order changes nothing", () => {
            fc.assert(
                fc.property(
                    inputs.filter(given => given.listenPorts.length > 0),
                    fc.nat(),
                    fc.nat(),
                    fc.nat(),
                    (given, which, where, seed) => {
                        const ports = given.listenPorts;
                        const again = [...ports];
                        again.splice(where % (ports.length + 1), 0, ports[which % ports.length]);
                        const shuffled = [...ports].sort(
                            (a, b) => ((a.port * 7919 + seed) % 65536) - ((b.port * 7919 + seed) % 65536),
                        );
                        const count = estimateListenerRules(given);
                        expect(estimateListenerRules({ ...given, listenPorts: again })).to.equal(count);
                        expect(estimateListenerRules({ ...given, listenPorts: shuffled })).to.equal(count);
                    },
                ),
            );
        });

        it("more hosts or more paths never decrease it, and each host (or path) adds the same number of rules", () => {
            fc.assert(
                fc.property(inputs, fc.integer({ min: 1, max: 20 }), (given, extra) => {
                    const count = estimateListenerRules(given);
                    const moreHosts = estimateListenerRules({ ...given, hostCount: given.hostCount + extra });
                    const morePaths = estimateListenerRules({ ...given, pathCount: given.pathCount + extra });
                    expect(moreHosts).to.be.at.least(count);
                    expect(morePaths).to.be.at.least(count);
                    // The rules of hosts a and b together are those of a plus those of b: no host shares or saves a rule.
                    expect(moreHosts).to.equal(count + estimateListenerRules({ ...given, hostCount: extra }));
                    expect(morePaths).to.equal(count + estimateListenerRules({ ...given, pathCount: extra }));
                }),
            );
        });

        it("is zero exactly when no listener carries rules: none at all, or only HTTP ones behind a redirect", () => {
            fc.assert(
                fc.property(inputs, given => {
                    const carries = given.listenPorts.some(
                        l => l.protocol === "HTTPS" || given.sslRedirectPort === undefined,
                    );
                    expect(estimateListenerRules(given) === 0).to.equal(!carries);
                }),
            );
        });
    });
});
