//! The DMA Code People principle as data: commitments, evidence, scorecard
