import { expect } from "chai";
import fc from "fast-check";
import { ListenPort, estimateListenerRules } from "../core/rule-estimate";

const HTTP_80: ListenPort = { protocol: "HTTP", port: 80 };
const HTTPS_443: ListenPort = { protocol: "HTTPS", port: 443 };
const HTTPS_8443: ListenPort = { protocol: "HTTPS", port: 8443 };
const DEFAULTS = { listenPorts: [HTTP_80, HTTPS_443], sslRedirectPort: 443 };

describe("rule estimate", () => {
    it("counts one HTTPS listener rule per host and path with the default listeners and redirect", () => {
        expect(estimateListenerRules({ hostCount: 1, pathCount: 1, ...DEFAULTS })).to.equal(1);
        expect(estimateListenerRules({ hostCount: 2, pathCount: 3, ...DEFAULTS })).to.equal(6);
    });

    it("doubles with a second HTTPS port: every host and path is a rule on each", () => {
        expect(estimateListenerRules({ hostCount: 2, pathCount: 3, listenPorts: [HTTP_80, HTTPS_443, HTTPS_8443], sslRedirectPort: 443 })).to.equal(12);
    });

    it("counts the HTTP port too without ssl-redirect, since HTTP then routes like HTTPS", () => {
        expect(estimateListenerRules({ hostCount: 2, pathCount: 3, listenPorts: [HTTP_80, HTTPS_443] })).to.equal(12);
        expect(estimateListenerRules({ hostCount: 2, pathCount: 3, listenPorts: [HTTP_80] })).to.equal(6);
        expect(estimateListenerRules({ hostCount: 1, pathCount: 1, listenPorts: [HTTP_80, { protocol: "HTTP", port: 8080 }, HTTPS_443] })).to.equal(3);
    });

    it("counts a port listed twice once, as the controller keys listeners by port", () => {
        expect(estimateListenerRules({ hostCount: 2, pathCount: 1, listenPorts: [HTTPS_443, HTTPS_443], sslRedirectPort: 443 })).to.equal(2);
    });

    it("is hosts × paths × the ports that carry rules, for any listeners", () => {
        const listenPort = fc.record({ protocol: fc.constantFrom<"HTTP" | "HTTPS">("HTTP", "HTTPS"), port: fc.integer({ min: 1, max: 65535 }) });
        fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.uniqueArray(listenPort, { selector: l => l.port, maxLength: 5 }),
            fc.boolean(), (hostCount, pathCount, listenPorts, redirect) => {
                const carrying = listenPorts.filter(({ protocol }) => protocol === "HTTPS" || !redirect).length;
                const sslRedirectPort = redirect ? 443 : undefined;
                return estimateListenerRules({ hostCount, pathCount, listenPorts, sslRedirectPort }) === hostCount * pathCount * carrying;
            }));
    });
});
