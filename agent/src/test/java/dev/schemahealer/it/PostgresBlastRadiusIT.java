package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

class PostgresBlastRadiusIT extends BlastRadiusSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }
}
