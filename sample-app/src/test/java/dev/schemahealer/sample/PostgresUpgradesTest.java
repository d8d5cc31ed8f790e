package dev.schemahealer.sample;

import dev.schemahealer.testing.Engine;

class PostgresUpgradesTest extends AbstractUpgradesTest {
    PostgresUpgradesTest() {
        super(Engine.POSTGRESQL);
    }
}
