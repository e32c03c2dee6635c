/** Which members a BalancerPool keeps once it has read the cluster, and the scopes on each, as properties. */
import { expect } from "chai";
import fc from "fast-check";
import { anchorsOf, poolMembership, scopesOnMembers, shrinkProblems } from "../core/pool-membership";
import { PoolSettings, anchorIngress, memberName } from "../core/pool-settings";

const SETTINGS: PoolSettings = {
    name: "public",
    visibility: "internet-facing",
    region: "us-east-1",
    namePrefix: "alb",
    maxMembers: 4,
    members: ["alb-1", "alb-2"],
    draining: [],
    anchorNamespace: "scope-ingress",
    ingressClassName: "alb",
    annotations: {},
};

/** Anchors found in the cluster: members alb-1..alb-8, each grown or not. */
const found = fc.uniqueArray(
    fc.record({ member: fc.integer({ min: 1, max: 8 }).map(n => memberName("alb", n)), grown: fc.boolean() }),
    { selector: a => a.member },
);
const settings = fc
    .record({ minMembers: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 4 }) })
    .map(({ minMembers, extra }) => ({
        ...SETTINGS,
        maxMembers: minMembers + extra,
        members: Array.from({ length: minMembers }, (_, i) => memberName("alb", i + 1)),
    }));

describe("a pool's membership after reading the cluster", () => {
    it("keeps every declared member, keeps a grown one only within maxMembers, and removes exactly the other anchors found", () => {
        fc.assert(
            fc.property(settings, found, (s, anchors) => {
                const { members, removed, grown } = poolMembership(s, anchors);
                expect(members.slice(0, s.members.length)).to.deep.equal(s.members);
                expect(members.length).to.be.at.most(s.maxMembers);
                for (const anchor of anchors) {
                    const n = Number(anchor.member.slice(4));
                    const kept = s.members.includes(anchor.member) || (anchor.grown && n <= s.maxMembers);
                    expect(members.includes(anchor.member), anchor.member).to.equal(kept);
                    expect(removed.includes(anchor.member), anchor.member).to.equal(!kept);
                    expect(grown.includes(anchor.member)).to.equal(kept && anchor.grown);
                }
                expect(removed.filter(m => members.includes(m))).to.deep.equal([]);
            }),
        );
    });

    it("orders grown members by number after the declared ones", () => {
        const { members } = poolMembership(SETTINGS, [
            { member: "alb-4", grown: true },
            { member: "alb-3", grown: true },
        ]);
        expect(members).to.deep.equal(["alb-1", "alb-2", "alb-3", "alb-4"]);
    });

    it("never keeps a grown anchor in a pool of explicit names, which cannot grow", () => {
        const explicit = { ...SETTINGS, namePrefix: undefined, members: ["alb-a"], maxMembers: 1 };
        expect(poolMembership(explicit, [{ member: "alb-b", grown: true }])).to.deep.equal({
            members: ["alb-a"],
            grown: [],
            removed: ["alb-b"],
        });
    });
});

describe("the scopes on a member", () => {
    const ingress = (namespace: string, name: string, groupName: string, labels: Record<string, string> = {}) => ({
        namespace,
        name,
        labels,
        annotations: { "alb.ingress.kubernetes.io/group.name": groupName },
    });

    it("are the Ingresses naming it in group.name, never its anchor, and found anchors are only this pool's", () => {
        const anchor = anchorIngress(SETTINGS, "alb-1", true);
        const listed = [
            {
                namespace: anchor.metadata.namespace,
                name: anchor.metadata.name,
                labels: anchor.metadata.labels,
                annotations: anchor.metadata.annotations,
            },
            ingress("apps", "b", "alb-1"),
            ingress("apps", "a", "alb-1"),
            ingress("apps", "c", "alb-2"),
            ingress("other", "anchor", "alb-9", {
                "pulumi-scope-ingress/pool": "internal",
                "pulumi-scope-ingress/member": "alb-9",
            }),
        ];
        expect(Object.fromEntries(scopesOnMembers(["alb-1", "alb-3"], listed))).to.deep.equal({
            "alb-1": ["apps/a", "apps/b"],
            "alb-3": [],
        });
        expect(anchorsOf("public", listed)).to.deep.equal([{ member: "alb-1", grown: true }]);
    });

    it("make one shrink problem per removed member in use, naming each scope, and none for an empty one", () => {
        const problems = shrinkProblems(
            ["alb-3", "alb-4"],
            new Map([
                ["alb-3", ["apps/a"]],
                ["alb-4", []],
            ]),
        );
        expect(problems.map(p => p.field)).to.deep.equal(["member alb-3"]);
        expect(problems[0].rule).to.contain("still has 1 scope(s): apps/a");
    });
});
