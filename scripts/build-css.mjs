// Compiles the service's stylesheet from GOV.UK Frontend's Sass into public/styles.css. Run by
// `npm run build`. No GOV.UK images or fonts are copied: the crown, crest and typeface are GOV.UK's.
import { writeFileSync } from "node:fs";
import path from "node:path";
import * as sass from "sass";

const root = path.resolve(import.meta.dirname, "..");

const result = sass.compile(path.join(root, "app/styles/main.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(path.join(root, "public/styles.css"), result.css);

console.log("Built public/styles.css");
