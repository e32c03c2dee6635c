/** The least-privilege IAM policy of examples/iam-policy.json: every call the code makes, nothing more, and the README's copy. */
import { expect } from "chai";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";

/** dist/tests -> the repository root, where the sources, the README and examples/ are. */
const ROOT = path.join(__dirname, "..", "..");

interface Statement {
    Sid: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
}

const policy = JSON.parse(readFileSync(path.join(ROOT, "examples", "iam-policy.json"), "utf8")) as {
    Version: string;
    Statement: Statement[];
};

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

function statementAllowing(action: string): Statement | undefined {
    return policy.Statement.find(s => s.Effect === "Allow" && list(s.Action).includes(action));
}

/** Every AWS SDK command imported by the code that runs against AWS, as an IAM action. */
function actionsSentBy(folders: string[]): string[] {
    const services: Record<string, string> = {
        "@aws-sdk/client-elastic-load-balancing-v2": "elasticloadbalancing",
        "@aws-sdk/client-route-53": "route53",
        "@aws-sdk/client-acm": "acm",
    };
    const actions = new Set<string>();
    for (const folder of folders) {
        for (const file of readdirSync(path.join(ROOT, folder)).filter(f => f.endsWith(".ts"))) {
            const source = readFileSync(path.join(ROOT, folder, file), "utf8");
            for (const [, names, module] of source.matchAll(/import\s*{([^}]*)}\s*from\s*"([^"]+)"/g)) {
                const prefix = services[module];
                for (const name of prefix ? names.split(",").map(n => n.trim()) : []) {
                    if (name.endsWith("Command")) {
                        actions.add(`${prefix}:${name.slice(0, -"Command".length)}`);
                    }
                }
            }
        }
    }
    return [...actions].sort();
}

describe("least-privilege IAM policy (examples/iam-policy.json)", () => {
    it("allows every AWS call the provider and the CLI make, and nothing else of ELBv2 or ACM", () => {
        const sent = actionsSentBy(["core", "provider", "cli"]);
        expect(sent, "the scan finds the calls").to.include.members([
            "elasticloadbalancing:DescribeRules",
            "route53:ListResourceRecordSets",
        ]);
        for (const action of sent) {
            expect(statementAllowing(action), `${action} is allowed`).to.not.equal(undefined);
        }
        for (const service of ["elasticloadbalancing:", "acm:"]) {
            const allowed = policy.Statement.flatMap(s => list(s.Action)).filter(a => a.startsWith(service));
            expect(allowed.sort(), `${service}* allowed = ${service}* sent`).to.deep.equal(
                sent.filter(a => a.startsWith(service)),
            );
        }
    });

    it("allows what @pulumi/aws needs to read the zone (getZone also lists its tags), write and wait for a Route53 record", () => {
        for (const action of [
            "route53:GetHostedZone",
            "route53:ListTagsForResource",
            "route53:ChangeResourceRecordSets",
            "route53:GetChange",
            "route53:ListResourceRecordSets",
        ]) {
            expect(statementAllowing(action), action).to.not.equal(undefined);
        }
    });

    it('scopes Route53 to hosted-zone and change ARNs; ELBv2 Describe* take only Resource "*"', () => {
        expect(statementAllowing("elasticloadbalancing:DescribeLoadBalancers")!.Resource).to.equal("*");
        expect(statementAllowing("route53:ChangeResourceRecordSets")!.Resource).to.equal(
            "arn:aws:route53:::hostedzone/*",
        );
        expect(statementAllowing("route53:GetChange")!.Resource).to.equal("arn:aws:route53:::change/*");
        expect(
            policy.Statement.filter(s => list(s.Action).some(a => a.startsWith("route53:"))).flatMap(s =>
                list(s.Resource),
            ),
        ).to.not.include("*");
    });

    it("is the policy the README shows", () => {
        const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("\n## IAM policy"));
        const block = /```json\n([\s\S]*?)```/.exec(section);
        expect(block, "a json block in the README's IAM policy section").to.not.equal(null);
        expect(JSON.parse(block![1])).to.deep.equal(policy);
    });
});
