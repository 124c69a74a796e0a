/** The TableStore contract on the in-memory store. */
import { createMemoryStore } from "@rayx/gcs";
import { tableStoreContract } from "./TableStore.contract.js";

tableStoreContract({ name: "memory", open: createMemoryStore, cleanup: () => undefined });
