/**
 * The thresholds of every quota dimension: absolute or relative to the account's limit, their defaults, and their
 * validation wherever they are given (ScopeIngress balancers, BalancerAssignment inputs), each naming field, value and fix.
 */
import { expect } from "chai";
import fc from "fast-check";
import { resolveScopeIngressArgs } from "../components/scope-ingress-args";
import { accountLimitsFrom } from "../core/account-limits";
import { Problems } from "../core/problems";
import { DEFAULT_ACCOUNT_LIMITS } from "../core/quota-dimensions";
import { DEFAULT_THRESHOLDS, checkThresholds, resolveThresholds } from "../core/quota-thresholds";
import { checkAssignmentInputs } from "../provider/assignment-input-check";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";

describe("quota thresholds", () => {
    it("defaults to an absolute maxRules of 75 and 25% headroom below the account's limit elsewhere", () => {
        expect(resolveThresholds(DEFAULT_THRESHOLDS, DEFAULT_ACCOUNT_LIMITS)).to.deep.equal({
            rules: 75,
            targetGroups: 75,
            certificates: 18,
            listeners: 37,
        });
    });

    it("raises a relative threshold with a raised limit and never an absolute one", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 100 }),
                fc.integer({ min: 0, max: 500 }),
                fc.integer({ min: 1, max: 1000 }),
                fc.integer({ min: 1, max: 1000 }),
                (share, absolute, low, raise) => {
                    const t = { ...DEFAULT_THRESHOLDS, rules: `${share}%` as const, targetGroups: absolute };
                    const before = resolveThresholds(t, { ...DEFAULT_ACCOUNT_LIMITS, rules: low, targetGroups: low });
                    const after = resolveThresholds(t, {
                        ...DEFAULT_ACCOUNT_LIMITS,
                        rules: low + raise,
                        targetGroups: low + raise,
                    });
                    expect(after.rules).to.be.at.least(before.rules);
                    expect(after.rules, "a share never passes the limit").to.be.at.most(low + raise);
                    expect(after.targetGroups).to.equal(absolute);
                    expect(before.targetGroups).to.equal(absolute);
                },
            ),
        );
    });

    it("reads the account's limits by their DescribeAccountLimits names, keeping AWS's default for any not listed", () => {
        const read = accountLimitsFrom([
            { Name: "rules-per-application-load-balancer", Max: "200" },
            { Name: "listeners-per-application-load-balancer", Max: "50" },
            { Name: "certificates-per-application-load-balancer", Max: "not a number" },
            { Name: "target-groups", Max: "3000" },
        ]);
        expect(read.limits).to.deep.equal({ rules: 200, targetGroups: 100, certificates: 25, listeners: 50 });
        expect(read.defaulted).to.deep.equal(["targetGroups", "certificates"]);
    });

    it("names the field, the value and the fix of each bad threshold, and keeps the default in its place", () => {
        const problems = new Problems();
        const out = checkThresholds({ targetGroups: "80", certificates: -1, listeners: "150%" }, problems);
        expect(out).to.deep.equal(DEFAULT_THRESHOLDS);
        expect(problems.list.map(p => [p.field, p.value])).to.deep.equal([
            ["maxTargetGroups", "80"],
            ["maxCertificates", -1],
            ["maxListeners", "150%"],
        ]);
        expect(problems.list[0].fix).to.include('"75%"');
    });

    it("checks ScopeIngress balancers thresholds before anything is registered", () => {
        const bad = () =>
            resolveScopeIngressArgs(
                "checkout-api",
                {
                    ...CHECKOUT_SCOPE,
                    balancers: { maxRules: "75%", maxTargetGroups: "lots" as never, maxListeners: 3.5 },
                },
                () => undefined,
            );
        expect(bad).to.throw(
            /balancers\.maxTargetGroups: "lots" is not a whole percentage[\s\S]*balancers\.maxListeners: 3\.5 is not a whole number/,
        );
        expect(bad).to.not.throw(/balancers\.maxRules/);
    });

    it("gives the assignment the scope's shape: its hosts, paths, one Service port, the pool's listeners and any certificate-arn", () => {
        const { scopeShape } = resolveScopeIngressArgs(
            "checkout-api",
            {
                ...CHECKOUT_SCOPE,
                additionalDomains: ["shop.apps.example.com"],
                paths: [
                    { path: "/a", pathType: "Prefix" },
                    { path: "/b", pathType: "Prefix" },
                ],
                annotations: { "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-east-1:1:certificate/x" },
            },
            () => undefined,
        );
        expect(scopeShape).to.deep.equal({
            hosts: ["checkout.apps.example.com", "shop.apps.example.com"],
            pathCount: 2,
            servicePorts: 1,
            listenPorts: [
                { protocol: "HTTP", port: 80 },
                { protocol: "HTTPS", port: 443 },
            ],
            sslRedirectPort: 443,
            certificateArns: ["arn:aws:acm:us-east-1:1:certificate/x"],
        });
    });

    it("checks BalancerAssignment thresholds and scope shape at preview, one failure per bad input", () => {
        const base = { region: "us-east-1", visibility: "internet-facing", baseBalancer: "alb-a" };
        expect(checkAssignmentInputs({ ...base, maxRules: "75%" }).failures).to.deep.equal([]);
        const { inputs, failures } = checkAssignmentInputs({
            ...base,
            maxCertificates: "all",
            scopeShape: { hosts: "a.example.org" },
        });
        expect(failures.map(f => f.property)).to.deep.equal(["maxCertificates", "scopeShape"]);
        expect(failures[0].reason).to.include('maxCertificates: "all" is not a whole percentage');
        expect(inputs).to.include({ maxTargetGroups: "75%", maxListeners: "75%" });
    });
});
