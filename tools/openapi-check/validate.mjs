// Validates the Swagger 2.0 document in the file named by the first argument
// against the specification's schema and its extra rules (unique operation
// ids, path parameters declared, $refs resolvable). Exit 0 when valid.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
try {
  const api = await SwaggerParser.validate(file);
  console.log(`valid: ${api.info.title} ${api.info.version}`);
} catch (err) {
  console.error(`invalid: ${err.message}`);
  process.exit(1);
}
