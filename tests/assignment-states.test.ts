/** BalancerAssignment's create and an ALB's AWS state: placement skips, a pin to a failed ALB is refused, adoption warns. */
import { expect } from "chai";
import type { AssignmentInputs } from "../core/assignment-contract";
import { assignPinned } from "../provider/assignment-creation";
import { useAssignmentHost } from "./support/assignment-host-world";

const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-a",
    additionalBalancers: ["alb-b"],
};

describe("BalancerAssignment and ALB states, against moto and a Kubernetes API", function () {
    const world = useAssignmentHost();

    beforeEach(async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 1 }] });
        await world.albs.createBalancer({ name: "alb-b", listeners: [{ port: 443, rules: 20 }] });
    });

    it("places past a failed ALB and stores the warning naming its state", async () => {
        world.proxy.balancerStates.set("alb-a", { code: "failed", reason: "Subnet has insufficient free addresses" });
        const { outputs } = await world.up("placed", POOL);
        expect(outputs).to.include({ balancerName: "alb-b", source: "least-loaded", rulesAtAssignment: 20 });
        expect(outputs.warnings).to.deep.equal([
            'ALB "alb-a" was skipped when placing this scope: its state is failed (AWS says: Subnet has insufficient free addresses): ' +
                "AWS could not set it up and it will never serve; replace it or take it out of the pool.",
        ]);
    });

    it("refuses a pin to a failed ALB, naming the field, the value, the state and the fix", async () => {
        world.proxy.balancerStates.set("alb-b", { code: "failed" });
        await world.up("pin-failed", { ...POOL, pinnedBalancer: "alb-b" }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.contain(
                    'pinnedBalancer: "alb-b" names an ALB whose state is failed: AWS could not set it up, and it will never serve the scope; ' +
                        "pin an active ALB of the internet-facing pool (alb-a, alb-b), or replace the ALB and pin it once it is active",
                ),
        );
    });

    it("pins to an active_impaired ALB as asked, with a warning naming its state", async () => {
        world.proxy.balancerStates.set("alb-b", { code: "active_impaired" });
        const { outputs } = await world.up("pin-impaired", { ...POOL, pinnedBalancer: "alb-b" });
        expect(outputs).to.include({ balancerName: "alb-b", source: "pinned" });
        expect(outputs.warnings).to.deep.equal([
            'ALB "alb-b" (from pinnedBalancer) is active_impaired, not active; the scope is pinned to it anyway, as asked, ' +
                "though the placement policy would put no new scope there.",
        ]);
    });

    for (const state of ["failed", "provisioning"]) {
        it(`adopts the ${state} ALB a running scope's Ingress names, with a warning, rather than placing the scope anew`, async () => {
            await world.albs.createBalancer({ name: "alb-legacy", listeners: [{ port: 443, rules: 3 }] });
            world.proxy.balancerStates.set("alb-legacy", { code: state });
            world.kube.addIngress("legacy", "web", {
                "alb.ingress.kubernetes.io/load-balancer-name": "alb-legacy",
                "alb.ingress.kubernetes.io/group.name": "alb-legacy",
            });
            const { outputs } = await world.up("legacy", { ...POOL, ingressRef: { namespace: "legacy", name: "web" } });
            expect(outputs).to.include({ balancerName: "alb-legacy", source: "adopted-ingress" });
            const from = "from the load-balancer-name annotation of Ingress legacy/web";
            expect((outputs.warnings as string[])[0]).to.match(
                new RegExp(
                    `^ALB "alb-legacy" \\(${from}\\) is ${state}, not active: .*It was adopted anyway, because the scope runs on it ` +
                        "and placing it anew would split its DNS from its routing; to move the scope, set pinnedBalancer to an active ALB of the pool\\.$",
                ),
            );
        });
    }

    describe("a pin to a provisioning ALB (in this process, with short polls)", () => {
        /** The inputs of a scope pinned to `name`, as Check leaves them. Names are unique: this process's measurements are shared. */
        const pinned = (name: string): AssignmentInputs => ({
            region: "us-east-1",
            visibility: "internet-facing",
            baseBalancer: name,
            additionalBalancers: [],
            maxRules: 75,
            expectedRules: 1,
            strict: false,
            assumeMissingInFlight: false,
            pinnedBalancer: name,
        });

        it("waits until the pinned ALB is active before assigning it, so DNS is not moved to an ALB that does not serve yet", async () => {
            const alb = await world.albs.createBalancer({ name: "alb-pin-waits" });
            world.proxy.balancerStates.set("alb-pin-waits", { code: "provisioning" });
            let activeAt = Infinity;
            const activate = setTimeout(() => {
                world.proxy.balancerStates.delete("alb-pin-waits");
                activeAt = Date.now();
            }, 1000);
            try {
                const assigned = await assignPinned(pinned("alb-pin-waits"), { pollSeconds: 0.2, timeoutSeconds: 20 });
                expect(Date.now(), "assigned only after it turned active").to.be.at.least(activeAt);
                expect(assigned).to.include({
                    balancerName: "alb-pin-waits",
                    source: "pinned",
                    dnsName: alb.dnsName,
                    loadBalancerArn: alb.arn,
                });
                expect(assigned.warnings).to.deep.equal([]);
            } finally {
                clearTimeout(activate);
            }
        });

        it("fails, naming the pin, the state and the fix, when the pinned ALB is still provisioning at the timeout", async () => {
            await world.albs.createBalancer({ name: "alb-pin-slow" });
            world.proxy.balancerStates.set("alb-pin-slow", { code: "provisioning" });
            await assignPinned(pinned("alb-pin-slow"), { pollSeconds: 0.2, timeoutSeconds: 1 }).then(
                () => expect.fail("must time out"),
                err =>
                    expect(err.message).to.equal(
                        'pinnedBalancer: "alb-pin-slow" names an ALB whose state was still provisioning after 1 s, not active, ' +
                            "and the scope is not moved to an ALB that does not serve yet; wait until it is active and run the deployment again, " +
                            "or pin an active ALB of the internet-facing pool (alb-pin-slow)",
                    ),
            );
        });

        it("refuses the pin as failed when the provisioning ALB turns failed while waited for", async () => {
            await world.albs.createBalancer({ name: "alb-pin-doomed" });
            world.proxy.balancerStates.set("alb-pin-doomed", { code: "provisioning" });
            const fail = setTimeout(
                () => world.proxy.balancerStates.set("alb-pin-doomed", { code: "failed", reason: "No capacity" }),
                500,
            );
            try {
                await assignPinned(pinned("alb-pin-doomed"), { pollSeconds: 0.2, timeoutSeconds: 20 }).then(
                    () => expect.fail("must fail"),
                    err =>
                        expect(err.message).to.match(
                            /^pinnedBalancer: "alb-pin-doomed" names an ALB whose state is failed \(AWS says: No capacity\): /,
                        ),
                );
            } finally {
                clearTimeout(fail);
            }
        });
    });
});
