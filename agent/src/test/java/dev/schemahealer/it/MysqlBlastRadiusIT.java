package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

class MysqlBlastRadiusIT extends BlastRadiusSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }
}
