// Builds the static assets that Django serves from build/static/:
// our stylesheet (GOV.UK Frontend compiled with a council's font and our asset path),
// GOV.UK Frontend's JavaScript and images, and Leaflet (the maps) copied from node_modules.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const leaflet = join(root, "node_modules", "leaflet", "dist");
const out = join(root, "build", "static");

mkdirSync(join(out, "earlyhelp"), { recursive: true });
mkdirSync(join(out, "govuk"), { recursive: true });

const result = sass.compile(join(root, "src", "earlyhelp", "assets", "earlyhelp.scss"), {
  loadPaths: [join(root, "node_modules", "govuk-frontend", "dist")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "earlyhelp", "earlyhelp.css"), result.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "govuk", "assets", "images"), { recursive: true });
mkdirSync(join(out, "leaflet"), { recursive: true });
for (const file of ["leaflet.js", "leaflet.js.map", "leaflet.css"]) {
  cpSync(join(leaflet, file), join(out, "leaflet", file));
}
cpSync(join(leaflet, "images"), join(out, "leaflet", "images"), { recursive: true });
console.log(`assets built in ${out}`);
