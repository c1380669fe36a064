"""Programmes: ordered sets of courses (a curriculum) that trainers put together and learners follow."""
