package dev.schemahealer.spring;

import dev.schemahealer.testing.Engine;

class MysqlSpringIT extends SpringServiceSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }
}
