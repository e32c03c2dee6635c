/** The rebalance report's tables: 80 columns with the longest names AWS and Kubernetes allow, and no value cut short. */
import { expect } from "chai";
import fc from "fast-check";
import { buildRebalanceReport, renderRebalanceReport, wrapCell } from "../cli/rebalance-report";
import type { CandidatePool } from "../core/candidate-pool";
import { Usage } from "../core/quota-dimensions";
import { planRebalance } from "../core/rebalance-plan";

const POOL: CandidatePool = { visibility: "internet-facing", base: "", candidates: [] };
const usage = (rules: number, targetGroups: number): Usage => ({ rules, targetGroups, certificates: 0, listeners: 2 });

/** Column `column` of each body row of the first table in `text`, its wrapped lines joined. */
function columnCells(text: string, column: number): string[] {
    const cells: string[] = [];
    let current: string[] | undefined;
    let headerDone = false;
    for (const line of text.split("\n")) {
        if (line.startsWith("├") || line.startsWith("└")) {
            if (current !== undefined && headerDone) {
                cells.push(current.join(""));
            }
            headerDone = true;
            current = [];
            if (line.startsWith("└")) {
                break;
            }
        } else if (line.startsWith("│") && current !== undefined) {
            current.push(line.split("│")[column + 1].trim());
        }
    }
    return cells;
}

describe("rebalance report tables", () => {
    it("fit 80 columns with 32-character ALB names and long scopes, and show every name whole across its wrapped lines", () => {
        const [a, b] = ["k8s-public-pool-balancer-0000001", "k8s-public-pool-balancer-0000002"];
        const scope = {
            namespace: "a-namespace-name-of-sixty-three-characters-which-kubernetes-allo",
            name: "checkout-service-ingress",
            hostnames: ["checkout.a-really-long-subdomain.example.com", "b.example.com", "c.example.com"],
            balancer: a,
            usage: { rules: 30, targetGroups: 1, certificates: 0, listeners: 0 },
        };
        const plan = planRebalance({
            balancers: [
                { name: a, load: usage(60, 1), threshold: usage(100, 100) },
                { name: b, load: usage(0, 0), threshold: usage(100, 100) },
            ],
            scopes: [scope],
            tolerance: 20,
        });
        const text = renderRebalanceReport(buildRebalanceReport(plan, POOL, "us-east-1", []));
        expect(Math.max(...text.split("\n").map(l => [...l].length)), text).to.be.at.most(80);
        expect(text).to.not.contain("…");
        expect(columnCells(text, 1)).to.deep.equal([`${scope.namespace}/${scope.name}`]);
        expect(columnCells(text, 3)).to.deep.equal([a]);
        expect(columnCells(text, 4), "the pinnedBalancer to set").to.deep.equal([b]);
    });

    it("wrapCell breaks text into lines no longer than the width, losing nothing but the spaces it breaks at", () => {
        fc.assert(
            fc.property(
                fc.array(fc.stringMatching(/^[a-z0-9.-]{1,40}$/), { minLength: 1, maxLength: 6 }),
                fc.integer({ min: 1, max: 30 }),
                (words, width) => {
                    const lines = wrapCell(words.join(" "), width).split("\n");
                    for (const line of lines) {
                        expect(line.length).to.be.at.most(width);
                    }
                    expect(lines.join("").replace(/ /g, "")).to.equal(words.join(""));
                },
            ),
        );
    });
});
