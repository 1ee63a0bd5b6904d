-- The air-quality dashboard's answers (latest hours, area days, rankings,
-- targets; app/aq_stats_service.h) are cached under the 'aq' generation
-- (store/list_cache.h): it moves on any change to what they read — stations,
-- stored days, targets and units. Hours are not watched themselves: every
-- write of hours rewrites their station's days in the same transaction
-- (app/aq_service.cpp, refresh_days), which moves it.
INSERT INTO list_generations (name, epoch, generation)
  SELECT 'aq', epoch, 1 FROM list_generations WHERE name = 'tasks';
CREATE TRIGGER aq_stations_aq_cache_insert AFTER INSERT ON aq_stations BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER aq_stations_aq_cache_update AFTER UPDATE ON aq_stations BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER aq_stations_aq_cache_delete AFTER DELETE ON aq_stations BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER aq_days_aq_cache_insert AFTER INSERT ON aq_days BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER aq_days_aq_cache_update AFTER UPDATE ON aq_days BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER aq_days_aq_cache_delete AFTER DELETE ON aq_days BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER aq_targets_aq_cache_insert AFTER INSERT ON aq_targets BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER aq_targets_aq_cache_update AFTER UPDATE ON aq_targets BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER aq_targets_aq_cache_delete AFTER DELETE ON aq_targets BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER units_aq_cache_insert AFTER INSERT ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER units_aq_cache_update AFTER UPDATE ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
CREATE TRIGGER units_aq_cache_delete AFTER DELETE ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'aq';
END;
