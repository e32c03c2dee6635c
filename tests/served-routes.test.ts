/** Which listener rules prove an ALB routes a scope: properties against the controller stand-in's own rule model. */
import { expect } from "chai";
import fc from "fast-check";
import {
    controllerPathPatterns,
    expectedRoutes,
    ruleCarryingPorts,
    unservedRoutes,
    RuleConditions,
} from "../core/served-routes";
import { pathPatterns } from "./support/controller-rule-model";

const segment = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
const path = fc
    .array(segment, { minLength: 0, maxLength: 3 })
    .chain(parts => fc.constantFrom(`/${parts.join("/")}`, `/${parts.join("/")}/`))
    .map(p => p.replace(/\/\/$/, "/"));
const pathType = fc.constantFrom<"Exact" | "Prefix">("Exact", "Prefix");
const host = fc.tuple(segment, segment).map(([a, b]) => `${a}.${b}.example.com`);
const routesInput = fc.record({
    hosts: fc.uniqueArray(host, { minLength: 1, maxLength: 3 }),
    paths: fc.uniqueArray(fc.record({ path, pathType }), { minLength: 1, maxLength: 3, selector: p => p.path }),
    ports: fc.uniqueArray(fc.constantFrom(80, 443, 8443), { minLength: 1, maxLength: 3 }),
});

/** The rules the controller writes for a scope: one per host × path on each port. */
function controllerRules(
    hosts: string[],
    paths: { path: string; pathType: string }[],
    ports: number[],
): RuleConditions[] {
    return ports.flatMap(port =>
        hosts.flatMap(h => paths.map(p => ({ port, hostValues: [h], pathValues: pathPatterns(p.path, p.pathType) }))),
    );
}

describe("served routes", () => {
    it("writes the patterns the controller stand-in builds for Exact and Prefix paths", () => {
        fc.assert(
            fc.property(path, pathType, (p, t) => {
                expect(controllerPathPatterns(p, t)).to.deep.equal(pathPatterns(p, t));
            }),
        );
        expect(controllerPathPatterns("/", "Prefix")).to.deep.equal(["/*"]);
        expect(controllerPathPatterns("/api/", "Prefix")).to.deep.equal(["/api", "/api/*"]);
        expect(controllerPathPatterns("/health", "Exact")).to.deep.equal(["/health"]);
    });

    it("finds nothing missing exactly when every host × path has its rule on every rule-carrying port", () => {
        fc.assert(
            fc.property(routesInput, fc.nat(), ({ hosts, paths, ports }, drop) => {
                const routes = expectedRoutes(hosts, paths);
                const rules = controllerRules(hosts, paths, ports);
                expect(unservedRoutes(routes, ports, rules)).to.deep.equal([]);
                // Without any one rule, exactly its route on its port is missing.
                const dropped = rules[drop % rules.length];
                const missing = unservedRoutes(
                    routes,
                    ports,
                    rules.filter(r => r !== dropped),
                );
                expect(missing).to.have.length(1);
                expect(missing[0].port).to.equal(dropped.port);
                expect(missing[0].host).to.equal(dropped.hostValues[0]);
            }),
        );
    });

    it("does not take another host's rule, a Prefix rule written as Exact, or another port's rule as routing the scope", () => {
        const routes = expectedRoutes(["checkout.example.com"], [{ path: "/api", pathType: "Prefix" }]);
        const ok = { port: 443, hostValues: ["Checkout.Example.com"], pathValues: ["/api", "/api/*"] };
        expect(unservedRoutes(routes, [443], [ok])).to.deep.equal([]);
        expect(unservedRoutes(routes, [443], [{ ...ok, hostValues: ["shop.example.com"] }])).to.have.length(1);
        expect(unservedRoutes(routes, [443], [{ ...ok, pathValues: ["/api"] }])).to.have.length(1);
        expect(unservedRoutes(routes, [443], [{ ...ok, port: 80 }])).to.have.length(1);
    });

    it("carries rules on HTTPS ports, and on HTTP ports only without ssl-redirect", () => {
        const listeners = [
            { protocol: "HTTP" as const, port: 80 },
            { protocol: "HTTPS" as const, port: 443 },
        ];
        expect(ruleCarryingPorts(listeners, 443)).to.deep.equal([443]);
        expect(ruleCarryingPorts(listeners, undefined)).to.deep.equal([80, 443]);
    });
});
