"""The benchmark of Maillage: a national-scale data generator, page timings and a load test."""
