-- MySQL → eg_weights: points per signal, and per campaign channel where one is named.
SELECT signal_name, weight FROM cfg_engagement_weights
