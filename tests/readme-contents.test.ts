/** The README's table of contents and its links inside the page: every section listed, every anchor a heading. */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** dist/tests -> the repository root. */
const README = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

/** The headings of the page outside code blocks (a `# comment` in a shell block is not one), with their level. */
function headings(markdown: string): { level: number; text: string }[] {
    let fenced = false;
    const found: { level: number; text: string }[] = [];
    for (const line of markdown.split("\n")) {
        if (line.startsWith("```")) {
            fenced = !fenced;
        }
        const match = fenced ? null : /^(#{1,6}) (.+)$/.exec(line);
        if (match) {
            found.push({ level: match[1].length, text: match[2] });
        }
    }
    return found;
}

describe("README contents", () => {
    it("lists every section in its contents line and links each to a heading GitHub renders, and every #anchor in the page exists", async () => {
        // github-slugger is what GitHub's own renderers use for heading anchors; it is an ES module.
        const { default: GithubSlugger } = await import("github-slugger");
        const slugger = new GithubSlugger();
        const all = headings(README).map(h => ({ ...h, slug: slugger.slug(h.text) }));
        const contents = README.split("\n\n").find(paragraph => paragraph.startsWith("Contents:"));
        expect(contents, "a paragraph starting with Contents:").to.be.a("string");
        const listed = [...contents!.matchAll(/\]\(#([^)]+)\)/g)].map(m => m[1]);
        expect(listed).to.deep.equal(all.filter(h => h.level === 2).map(h => h.slug));
        const anchors = new Set(all.map(h => h.slug));
        const linked = [...README.matchAll(/\]\(#([^)]+)\)/g)].map(m => m[1]);
        expect(
            linked.filter(anchor => !anchors.has(anchor)),
            "links to no heading",
        ).to.deep.equal([]);
    });
});
