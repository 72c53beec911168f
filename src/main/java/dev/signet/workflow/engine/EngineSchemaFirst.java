package dev.signet.workflow.engine;

import org.camunda.bpm.engine.ProcessEngine;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Flyway migrates once the engine has created or updated its own tables.
 *
 * <p>Why: Signet adds indexes to an engine table ({@code ACT_RU_JOB}, see the vendor migration
 * {@code engine_job_indexes}), and that table exists only once the engine has started
 * ({@code camunda.bpm.database.schema-update}). Left to itself Spring Boot ran Flyway first, on an
 * empty database before the engine's tables were there. The engine needs none of Signet's tables
 * to start (its job executor runs only once the application is up), so running Flyway second costs
 * nothing, and the engine's schema stays the engine's: created and upgraded by Camunda's own scripts.
 * This replaces Boot's own initializer (which steps aside for one defined here) with the same one,
 * made to wait for the engine. On a new database Flyway then finds a schema that is not empty (the
 * engine's tables) and has no history of its own, so application.yml has it start its history at
 * version 0 ({@code baseline-on-migrate}, {@code baseline-version: 0}) and apply every migration.
 */
@Configuration(proxyBeanMethods = false)
class EngineSchemaFirst {

    @Bean
    FlywayMigrationInitializer flywayInitializer(
            Flyway flyway, ObjectProvider<FlywayMigrationStrategy> strategy, ProcessEngine engineWithItsSchema) {
        return new FlywayMigrationInitializer(flyway, strategy.getIfAvailable());
    }
}
