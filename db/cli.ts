import { embeddedDatabaseExists, openDatabase } from "./client";
import { migrateToLatest } from "./migrate";

// The database command line: `migrate` applies pending migrations; `setup` is what `npm start`
// runs before the server on the embedded database (create, migrate, and load demo data the first
// time).

async function main(command: string | undefined) {
  switch (command) {
    case "migrate": {
      const handle = await openDatabase();
      try {
        const applied = await migrateToLatest(handle.db);
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
      } finally {
        await handle.close();
      }
      return;
    }
    case "setup": {
      const fresh = !process.env.DATABASE_URL && !embeddedDatabaseExists();
      if (fresh) console.log("Creating the embedded database in ./.data/ ...");
      const handle = await openDatabase();
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.close();
      }
      return;
    }
    default:
      console.error("Usage: cli.ts migrate | setup");
      process.exit(2);
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
